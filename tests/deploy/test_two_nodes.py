"""The production shape on one machine (docs/DEPLOY.md): two gunicorn servers on two ports
with the production settings, sharing one PostgreSQL database and one Redis. A registration
through one is seen by the other at once; a programme change through one makes the cached
programme stale on both; sessions are shared (signed in through one, known to the other).

Needs PostgreSQL (DATABASE_URL) and Redis (SUMMITRY_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0; the servers' keys carry a prefix of their own)."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from summitry.delegations.models import Delegation
from summitry.programme.releases import publish
from summitry.programme.services import save_item
from tests.factories import OrganisationFactory, SummitFactory
from tests.programme.conftest import item

pytestmark = pytest.mark.django_db(transaction=True)

HOST = "127.0.0.1"
REDIS = os.environ.get("SUMMITRY_TEST_REDIS_URL", f"redis://{HOST}:6379/0")
ROOT = Path(__file__).resolve().parents[2]


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, body=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    all_headers = {"Accept-Language": "en", **(headers or {})}
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=all_headers)
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return response, content


@pytest.fixture
def nodes(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several servers share PostgreSQL (CI runs the suite on it)")
    if not redis_reachable():
        pytest.skip(f"several servers share Redis: none at {REDIS}")
    prefix = f"two-nodes-{secrets.token_hex(4)}"
    (tmp_path / "two_nodes_settings.py").write_text(
        "from summitry.settings.production import *  # noqa: F403\n"
        f'CACHES["default"]["KEY_PREFIX"] = "{prefix}"  # noqa: F405\n'
        # Static files from the packages, as in development: no collectstatic needed here.
        "WHITENOISE_USE_FINDERS = True\n"
        'STORAGES["staticfiles"] = {"BACKEND": '
        '"django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405\n'
    )
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SUMMITRY_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "two_nodes_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or HOST}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "SUMMITRY_SECRET_KEY": secrets.token_urlsafe(48),
        "SUMMITRY_ALLOWED_HOSTS": HOST,
        "SUMMITRY_SSL_REDIRECT": "0",
        "SUMMITRY_REDIS_URL": REDIS,
        "SUMMITRY_CONN_MAX_AGE": "0",
        "SUMMITRY_LOG_LEVEL": "WARNING",
        "SUMMITRY_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")]),
    }
    ports, servers = [free_port(), free_port()], []
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    try:
        for port in ports:
            servers.append(
                subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "summitry.wsgi",
                        "--bind",
                        f"{HOST}:{port}",
                        "--workers",
                        "1",
                        "--threads",
                        "2",
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port, server in zip(ports, servers, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                try:
                    if request(port, "GET", "/health/")[0].status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.2)  # waiting for a server to start, not a timed assertion
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        log.close()
        import redis

        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


def test_a_registration_through_one_node_is_seen_by_the_other(nodes, staff_token):
    first, second = nodes
    summit = SummitFactory(slug="forum", capacity=10)
    delegation = Delegation.objects.create(summit=summit, organisation=OrganisationFactory())
    token = {"Authorization": f"Bearer {staff_token}"}
    response, body = request(
        first,
        "POST",
        f"/api/v1/summits/forum/delegations/{delegation.pk}/members",
        {"given_name": "Tory", "family_name": "Whanau"},
        token,
    )
    assert response.status == 201, body
    response, body = request(
        second, "GET", f"/api/v1/summits/forum/delegations/{delegation.pk}", headers=token
    )
    assert response.status == 200
    assert "Whanau" in body.decode()


def test_a_programme_change_through_one_node_is_shown_by_both(nodes, organiser, staff_token):
    first, second = nodes
    summit = SummitFactory(slug="forum")
    save_item(actor=organiser, item=item(summit, title_en="Forum I"))
    publish(actor=organiser, summit=summit)
    for port in nodes:
        request(port, "GET", "/forum/programme/")
        response, body = request(port, "GET", "/forum/programme/")
        assert response.getheader("X-Summitry-Cache") == "hit"
        assert b"Forum I" in body and b"Closing ceremony" not in body
    token = {"Authorization": f"Bearer {staff_token}"}
    response, body = request(
        first,
        "POST",
        "/api/v1/summits/forum/programme",
        {
            "kind": "ceremony",
            "block": "dinner",
            "title": {"en": "Closing ceremony", "ko": "폐회식"},
            "starts_at": "2023-09-26T18:00:00",
            "ends_at": "2023-09-26T19:00:00",
        },
        token,
    )
    assert response.status == 201, body
    response, body = request(
        first, "POST", "/api/v1/summits/forum/programme/releases", {"note": "closing"}, token
    )
    assert response.status == 201, body
    for port in (second, first):
        response, body = request(port, "GET", "/forum/programme/")
        assert response.status == 200
        assert b"Closing ceremony" in body, port
