"""What operators and their tools ask of a running Summitry: is it healthy, what is it doing.

``/health/`` (for the proxy and the orchestrator): the database, the shared cache, and, when
a broker is configured, the broker and the workers' heartbeat (a task celery beat queues
every ``HEARTBEAT_SECONDS``; a worker running it writes the time into the cache). JSON, 200
when every check passes, else 503; never cached.

``/metrics`` (Prometheus text format, django-prometheus): requests by view, method and status,
latencies, plus ours: tasks succeeded and failed by name (counted in the shared cache, so
every worker of every node), and the task queue's length. Open to the addresses in
``SUMMITRY_METRICS_ALLOWED_IPS`` (addresses or CIDR networks; the client address behind
trusted proxies) or to ``Authorization: Bearer <SUMMITRY_METRICS_TOKEN>``; 404 to anyone
else. With several gunicorn workers per node, set
``PROMETHEUS_MULTIPROC_DIR`` (an empty directory per node) so that every worker's counts are
added up (docs/DEPLOY.md).
"""

from __future__ import annotations

import datetime
import hmac
import ipaddress
import os
import time

from celery import shared_task
from celery.signals import task_failure, task_success
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import REGISTRY

from .ratelimit import client_address
from .registry import Metric, metric_providers

HEARTBEAT_KEY = "health:worker-heartbeat"
HEARTBEAT_SECONDS = 30


# --- health ----------------------------------------------------------------------------------


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check()
        result = {"ok": True}
        if detail:
            result.update(detail)
    except Exception as error:  # noqa: BLE001 - a failing dependency is the answer, not a crash
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    value = str(time.time())
    cache.set("health:probe", value, 30)
    if cache.get("health:probe") != value:
        raise RuntimeError("the cache did not give back what was put in")


def _broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return
    from kombu import Connection

    with Connection(url, connect_timeout=1) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)


def _heartbeat() -> dict:
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        raise RuntimeError("no worker heartbeat yet (is a worker and celery beat running?)")
    age = (timezone.now() - beat).total_seconds()
    if age > settings.SUMMITRY_HEARTBEAT_MAX_AGE:
        raise RuntimeError(f"the last worker heartbeat is {age:.0f} s old")
    return {"age_seconds": round(age, 1)}


def checks() -> dict[str, dict]:
    results = {"database": _timed(_database), "cache": _timed(_cache)}
    if settings.CELERY_BROKER_URL:
        results["broker"] = _timed(_broker)
        if settings.SUMMITRY_HEARTBEAT_MAX_AGE:
            results["worker"] = _timed(_heartbeat)
    return results


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    results = checks()
    healthy = all(r["ok"] for r in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Run by a worker every HEARTBEAT_SECONDS (celery beat): the workers are alive."""
    cache.set(HEARTBEAT_KEY, timezone.now(), timeout=60 * 60)


# --- metrics ---------------------------------------------------------------------------------

# Task outcomes are counted in the shared cache, so that any web node's /metrics shows those
# of every worker on every node (a worker's own process memory is scraped by nobody).
OUTCOMES = ("succeeded", "failed")


def _outcome_key(outcome: str, task: str) -> str:
    return f"metrics:tasks:{outcome}:{task}"


def _count(outcome: str, task: str) -> None:
    key = _outcome_key(outcome, task)
    if not cache.add(key, 1, timeout=None):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=None)


@task_success.connect
def _task_done(sender=None, **kwargs) -> None:
    _count("succeeded", getattr(sender, "name", "unknown"))


@task_failure.connect
def _task_failed(sender=None, **kwargs) -> None:
    _count("failed", getattr(sender, "name", "unknown"))


class SummitryCollector:
    """Read when Prometheus scrapes: task outcomes (cluster-wide) and the broker's queue."""

    def collect(self):
        from summitry.celery import app

        names = sorted(n for n in app.tasks if n.startswith("summitry."))
        for outcome in OUTCOMES:
            family = CounterMetricFamily(
                f"summitry_tasks_{outcome}", f"Tasks {outcome}, all workers", labels=["task"]
            )
            counts = cache.get_many([_outcome_key(outcome, n) for n in names])
            for name in names:
                family.add_metric([name], counts.get(_outcome_key(outcome, name), 0))
            yield family
        gauge = GaugeMetricFamily(
            "summitry_task_queue_length", "Tasks waiting in the broker's queue", labels=["queue"]
        )
        url = settings.CELERY_BROKER_URL
        if url.startswith(("redis://", "rediss://")):
            import redis

            queue = settings.CELERY_TASK_DEFAULT_QUEUE
            try:
                client = redis.Redis.from_url(url, socket_timeout=1)
                gauge.add_metric([queue], client.llen(queue))
            except redis.RedisError:
                pass
        yield gauge
        for provider in metric_providers():
            for metric in provider():
                yield _family(metric)


def _family(metric: Metric):
    kind = CounterMetricFamily if metric.kind == "counter" else GaugeMetricFamily
    family = kind(metric.name, metric.documentation, labels=list(metric.labels))
    for values, value in metric.samples:
        family.add_metric(list(values), value)
    return family


def outbox_metrics() -> list[Metric]:
    """The outbox (core.mail): messages waiting to be delivered (and those whose last try
    failed), delivered in the last minute, delivered in all."""
    from .models import OutboundMessage

    now = timezone.now()
    waiting = OutboundMessage.objects.filter(sent_at__isnull=True)
    return [
        Metric(
            "summitry_mails_queued",
            "E-mails in the outbox not yet delivered",
            samples=(((), waiting.count()),),
        ),
        Metric(
            "summitry_mails_failing",
            "E-mails not yet delivered whose last try failed",
            samples=(((), waiting.exclude(error="").count()),),
        ),
        Metric(
            "summitry_mails_sent_last_minute",
            "E-mails delivered in the last 60 seconds",
            samples=(
                (
                    (),
                    OutboundMessage.objects.filter(
                        sent_at__gte=now - datetime.timedelta(seconds=60)
                    ).count(),
                ),
            ),
        ),
        Metric(
            "summitry_mails_sent",
            "E-mails delivered",
            kind="counter",
            samples=(((), OutboundMessage.objects.filter(sent_at__isnull=False).count()),),
        ),
    ]


def _registry():
    """django-prometheus's metrics of this process, or of every worker process of this node
    when PROMETHEUS_MULTIPROC_DIR is set (gunicorn), and ours."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Default())
    registry.register(SummitryCollector())
    return registry


class _Default:
    def collect(self):
        yield from REGISTRY.collect()


def _allowed(request: HttpRequest) -> bool:
    token = settings.SUMMITRY_METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.SUMMITRY_METRICS_ALLOWED_IPS
    )


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404  # as if there were nothing here
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
