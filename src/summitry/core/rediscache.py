"""Django's Redis cache, keeping one Redis client per connection pool, with ``incr`` in one
round trip.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache call, and
redis-py fills a fresh table of response callbacks for each one: that costs more CPU than
the call to Redis itself, at every page-cache hit, live poll and door scan. A client holds no
connection of its own (it borrows one from the pool per command) and may be shared between
threads, so one per pool is kept. Fork-safe as the pool is (gunicorn ``--preload``).

Django's ``incr`` asks Redis twice (``EXISTS``, then ``INCRBY``), and a key expiring between
the two was created anew by the second; here one script does both at once in Redis (every
door scan bumps the live counts with it)."""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis

# Increments an existing key only (nil when missing): Django's contract for ``incr``.
INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        scripts = self.__dict__.setdefault("_incr_scripts", {})
        script = scripts.get(id(client))
        if script is None:
            # EVALSHA, loading the script again should the server have forgotten it.
            script = scripts[id(client)] = client.register_script(INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
