"""The one pagination of the API's lists: ``?limit=&offset=`` within what a database can count."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
# The largest row offset PostgreSQL and SQLite take (a signed 64-bit integer): beyond it the
# database would fail, so the request is refused with 422 instead.
MAX_OFFSET = 2**63 - 1


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="At most 500.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Page(LimitOffsetPagination):
    """``limit`` from 1 to 500 (100 if left out), ``offset`` from 0."""

    Input = PageQuery

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, pagination.limit
        # Past the last row nothing is read (an offset near 2**63 plus the limit would not fit).
        items = queryset[offset : offset + limit] if offset <= MAX_OFFSET - limit else []
        return {"items": items, "count": self._items_count(queryset)}
