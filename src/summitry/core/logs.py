"""Structured logs: every line carries the id of the request it belongs to.

``request_id`` (middleware, first in the chain) takes the proxy's ``X-Request-ID`` when it is
a plausible id, else makes one, answers it in ``X-Request-ID``, and holds it for the request
(a context variable, so threads and async tasks keep theirs). ``RequestIdFilter`` puts it on
every log record; ``JsonFormatter`` writes one JSON object per line (time, level, logger,
message, request_id and any ``extra`` fields), which log shippers read without parsing rules.
One line per request (logger ``summitry.request``): method, path, status, duration.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
_PLAUSIBLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The attributes every LogRecord has; anything else on a record came as ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

access = logging.getLogger("summitry.request")


def request_id(get_response):
    def middleware(request):
        offered = request.headers.get("X-Request-ID", "")
        rid = offered if _PLAUSIBLE.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = rid
        token = REQUEST_ID.set(rid)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response["X-Request-ID"] = rid
            access.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)

    return middleware


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = (
                    value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
                )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
