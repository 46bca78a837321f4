"""Operations: the health check, request ids in structured logs, Prometheus metrics."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings

from summitry.core import operations
from summitry.core.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_health_answers_ok_with_each_check():
    response = Client().get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert "broker" not in body["checks"]  # no broker configured: tasks run in-process
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_fails_with_503_when_the_broker_is_unreachable():
    response = Client().get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_the_worker_heartbeat_is_checked_when_a_broker_is_configured():
    assert Client().get("/health/").json()["checks"]["worker"]["ok"] is False
    operations.heartbeat()  # what a worker runs every 30 s (celery beat)
    assert Client().get("/health/").json()["checks"]["worker"]["ok"] is True


def test_every_answer_carries_a_request_id_and_so_does_its_log_line(caplog):
    caplog.set_level(logging.INFO, logger="summitry.request")
    made = Client().get("/health/")
    assert len(made["X-Request-ID"]) == 32
    kept = Client().get("/health/", headers={"X-Request-ID": "proxy-abc.123"})
    assert kept["X-Request-ID"] == "proxy-abc.123"
    refused = Client().get("/health/", headers={"X-Request-ID": "bad id <script>"})
    assert refused["X-Request-ID"] != "bad id <script>"
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert {"proxy-abc.123", made["X-Request-ID"]} <= {line["request_id"] for line in lines}
    line = next(line for line in lines if line["request_id"] == "proxy-abc.123")
    assert line["status"] == 200 and line["path"] == "/health/" and line["method"] == "GET"


def test_metrics_in_prometheus_format_for_allowed_addresses_only():
    Client().get("/health/")
    response = Client().get("/metrics")  # the test client comes from 127.0.0.1
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert "summitry_task_queue_length" in text
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 404


@override_settings(SUMMITRY_METRICS_TOKEN="s3cret-token", SUMMITRY_METRICS_ALLOWED_IPS=[])
def test_metrics_for_the_bearer_of_the_token():
    assert Client().get("/metrics").status_code == 404
    wrong = {"Authorization": "Bearer nope"}
    assert Client().get("/metrics", headers=wrong).status_code == 404
    right = {"Authorization": "Bearer s3cret-token"}
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics", headers=right).status_code == 200


def test_task_outcomes_are_counted_for_every_worker():
    def done() -> str:
        text = Client().get("/metrics").content.decode()
        name = 'summitry_tasks_succeeded_total{task="summitry.core.operations.heartbeat"}'
        return next(line for line in text.splitlines() if line.startswith(name)).split()[-1]

    assert float(done()) == 0
    operations.heartbeat.apply()
    assert float(done()) == 1
