"""The console's programme grid: one day's items laid out by room and quarter-hour, in the
summit's time zone.

The layout is computed here and drawn by CSS classes (grid.css: ``pg-r-N`` is the row a
block starts on, ``pg-s-N`` how many rows it spans, ``pg-l-N`` / ``pg-w-N`` its lane and
width within its column): the Content-Security-Policy allows no inline style, and the grid
reads the same without JavaScript.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

STEP = 15  # minutes per row of the grid
DAY = 24 * 60
MAX_LANES = 8  # side by side in one room's column; grid.css defines as many
EMPTY_DAY = (8 * 60, 18 * 60)  # the rows shown for a day without items


@dataclass
class Block:
    """A top-level item on the grid, with where it sits."""

    item: object
    start: int  # minutes since the day's local midnight
    end: int
    row: int = 1
    span: int = 1
    lane: int = 1
    width: int = 1
    clashes: list[str] = field(default_factory=list)

    @property
    def last_row(self) -> int:
        return self.row + self.span  # the first row after it


@dataclass
class Column:
    room: object | None  # None: items off-site or without a room
    blocks: list[Block] = field(default_factory=list)
    lanes: int = 1

    @property
    def key(self) -> str:
        return str(self.room.pk) if self.room is not None else ""


@dataclass
class DayGrid:
    day: datetime.date
    first: int  # minute of the first row
    rows: int
    columns: list[Column]

    @property
    def hours(self) -> list[tuple[int, str]]:
        """(row, "HH:00") of each full hour in the grid."""
        return [
            (1 + (minute - self.first) // STEP, f"{minute // 60:02d}:00")
            for minute in range(self.first, self.first + self.rows * STEP, 60)
        ]


def minutes(moment: datetime.datetime, day: datetime.date, zone) -> int:
    """Minutes from ``day``'s local midnight to ``moment`` (clipped to the day)."""
    local = timezone.localtime(moment, zone)
    if local.date() < day:
        return 0
    if local.date() > day:
        return DAY
    return local.hour * 60 + local.minute


def local_day(item, zone) -> datetime.date:
    return timezone.localtime(item.starts_at, zone).date()


def _rows(blocks: list[Block]) -> tuple[int, int]:
    """The first minute and number of rows: from an hour before the earliest item to an hour
    after the latest, on full hours, so that a block can be dragged a little earlier or
    later."""
    if not blocks:
        first, last = EMPTY_DAY
    else:
        first = max(0, (min(b.start for b in blocks) // 60 - 1) * 60)
        last = min(DAY, (math.ceil(max(b.end for b in blocks) / 60) + 1) * 60)
    return first, (last - first) // STEP


def _place(blocks: list[Block], first: int) -> int:
    """Rows of each block, then lanes: each block in the first lane free for its rows, then
    as wide as the lanes to its right are free. Returns the number of lanes."""
    for block in blocks:
        block.row = 1 + (block.start - first) // STEP
        block.span = max(1, math.ceil((block.end - first) / STEP) + 1 - block.row)
    lanes: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: (b.row, -b.span, b.item.pk)):
        for index, lane in enumerate(lanes):
            if all(not _overlap(block, other) for other in lane):
                lane.append(block)
                block.lane = index + 1
                break
        else:
            lanes.append([block])
            block.lane = len(lanes)
    count = min(max(len(lanes), 1), MAX_LANES)
    for block in blocks:
        block.lane = min(block.lane, count)
        block.width = 1
        while block.lane + block.width <= count and all(
            not _overlap(block, other) for other in lanes[block.lane + block.width - 1]
        ):
            block.width += 1
    return count


def _overlap(a: Block, b: Block) -> bool:
    return a is not b and a.row < b.last_row and b.row < a.last_row


def clash_notes(report, items_by_pk: dict) -> dict[int, list[str]]:
    """The clash messages of each top-level item (a sub-item's clash shows on its top-level
    item's block): the item's own message, which names the other; the other side is told
    which item it clashes with."""
    from django.utils.translation import gettext as _

    def top(pk):
        item = items_by_pk.get(pk)
        while item is not None and item.parent_id is not None:
            item = items_by_pk.get(item.parent_id)
        return item

    notes: dict[int, dict[str, None]] = {}  # ordered sets: a message once per block
    for clash in report:
        mine, theirs = top(clash.item), top(clash.other)
        if mine is not None:
            notes.setdefault(mine.pk, {})[clash.message] = None
        if theirs is not None and clash.item in items_by_pk:
            told = _("Clashes with “%(other)s”.") % {"other": items_by_pk[clash.item]}
            notes.setdefault(theirs.pk, {})[told] = None
    return {pk: list(messages) for pk, messages in notes.items()}


def day_grid(
    day: datetime.date, items: list, rooms: list, zone, notes: dict[int, list[str]]
) -> DayGrid:
    """The grid of ``day``: a column per room (in the given order) and one for items off-site
    or without a room; the top-level ``items`` starting that day as blocks."""
    columns = [Column(room) for room in rooms] + [Column(None)]
    by_room = {column.key: column for column in columns}
    blocks = []
    for item in items:
        if item.parent_id is not None or local_day(item, zone) != day:
            continue
        block = Block(
            item,
            minutes(item.starts_at, day, zone),
            minutes(item.ends_at, day, zone),
            clashes=notes.get(item.pk, []),
        )
        key = str(item.room_id) if item.room_id is not None else ""
        by_room.get(key, columns[-1]).blocks.append(block)
        blocks.append(block)
    first, rows = _rows(blocks)
    for column in columns:
        column.lanes = _place(column.blocks, first)
        column.blocks.sort(key=lambda b: (b.start, b.end, b.item.pk))
    return DayGrid(day, first, rows, columns)


def summit_days(summit) -> list[datetime.date]:
    days, day = [], summit.start_date
    while day <= summit.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days
