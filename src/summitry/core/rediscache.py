"""Django's Redis cache, keeping one Redis client per connection pool, with ``incr`` in one
round trip (and ``incr_get_many``: an increment and some reads in one).

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


# The same, then the values of the other keys (GET each; false when missing): a door's entry
# bumps the live counts and reads the summit's memos in one round trip (core.events).
INCR_EXISTING_GET = """
local values = {false}
if redis.call('EXISTS', KEYS[1]) == 1 then
    values[1] = redis.call('INCRBY', KEYS[1], ARGV[1])
end
for i = 2, #KEYS do
    values[i] = redis.call('GET', KEYS[i])
end
return values
"""


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _script(self, client, text: str):
        scripts = self.__dict__.setdefault("_scripts", {})
        script = scripts.get((id(client), text))
        if script is None:
            # EVALSHA, loading the script again should the server have forgotten it.
            script = scripts[id(client), text] = client.register_script(text)
        return script

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        value = self._script(client, INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def incr_get_many(self, key, delta, keys):
        """(``key`` incremented by ``delta`` if it exists, else None; the values found of
        ``keys``, as ``get_many``), in one round trip."""
        client = self.get_client(key, write=True)
        values = self._script(client, INCR_EXISTING_GET)(keys=[key, *keys], args=[delta])
        loads = self._serializer.loads
        found = {k: loads(v) for k, v in zip(keys, values[1:], strict=True) if v is not None}
        return values[0], found


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def incr_get_many(self, key, keys, delta=1, version=None):
        """``key`` incremented by ``delta`` when it exists (None when not: nothing is
        created), and the values of ``keys`` found, as ``get_many``: one round trip."""
        made = {self.make_and_validate_key(k, version=version): k for k in keys}
        value, found = self._cache.incr_get_many(
            self.make_and_validate_key(key, version=version), delta, list(made)
        )
        return value, {made[k]: v for k, v in found.items()}
