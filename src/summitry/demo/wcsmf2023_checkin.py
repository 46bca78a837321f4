"""Badges and doors of the 2023 forum (seeds 000, 001, 003).

The seeds name the places people entered: the forum at the DDP, the two exhibitions there
(the Seoul–Singapore policy exhibition in the Art Hall, the advanced lifestyle exhibition in
Design Lab 2F), and the two site visits (25 September morning, 26 September afternoon), each
by bus. The VIP lounge and the press centre are sample zones; the categories, their colours,
every badge's state and the scans are sample data: a morning of the 25th (site visit I's bus,
the exhibitions, some leaving them through the exit door), one lost badge revoked and
reprinted. Heads of delegation and members take their category from their role. The door operator's login is
``door`` / ``summitry-demo``.

Everything is keyed (zones and categories by English name, badges by delegate, scans by their
``client_scan_id``), so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from summitry.checkin import queries, services
from summitry.checkin.layouts import starter_fields
from summitry.checkin.models import AccreditationCategory, BadgeLayout, Zone
from summitry.delegations.models import ATTENDING, DelegateRole

from .loader import ORGANISER_USERNAME, ensure_team, ensure_user, upsert

SEOUL = ZoneInfo("Asia/Seoul")
DOOR_USERNAME = "door"

# key: (English, Korean)
ZONES = {
    "hall": ("Forum hall (DDP)", "포럼 홀 (DDP)"),
    "exhibitions": (
        "Exhibitions (DDP Art Hall, Design Lab 2F)",
        "전시관 (DDP 아트홀, 디자인랩 2층)",
    ),
    "vip": ("VIP lounge (sample)", "VIP 라운지 (샘플)"),
    "press": ("Press centre (sample)", "프레스센터 (샘플)"),
    "bus1": ("Site visit I bus", "현장 방문 I 버스"),
    "bus2": ("Site visit II bus", "현장 방문 II 버스"),
}
# key: (English, Korean, colour, zones)
CATEGORIES = {
    "head": (
        "Head of delegation",
        "대표단장",
        "#b91c1c",
        ["hall", "exhibitions", "vip", "bus1", "bus2"],
    ),
    "delegate": ("Delegate", "대표단원", "#1d4ed8", ["hall", "exhibitions", "bus1", "bus2"]),
    "press": ("Press", "취재진", "#15803d", ["hall", "exhibitions", "press"]),
    "staff": ("Organiser staff", "운영 요원", "#6b21a8", list(ZONES)),
    "exhibitor": ("Exhibitor", "전시 참가자", "#c2410c", ["exhibitions"]),
}


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2023, 9, day, hour, minute, tzinfo=SEOUL)


def load(summit) -> str:
    organiser = get_user_model().objects.get(username=ORGANISER_USERNAME)
    zones = {}
    for position, (key, (en, ko)) in enumerate(ZONES.items()):
        zones[key] = upsert(
            Zone,
            {"summit": summit, "name_en": en},
            {"name_ko": ko, "position": position},
        )
    categories = {}
    for position, (key, (en, ko, colour, keys)) in enumerate(CATEGORIES.items()):
        category = upsert(
            AccreditationCategory,
            {"summit": summit, "name_en": en},
            {"name_ko": ko, "colour": colour, "position": position},
        )
        category.zones.set([zones[k] for k in keys])
        categories[key] = category

    # A badge takes its category from its holder's role (heads by protocol rank).
    for role, key in ((DelegateRole.HEAD, "head"), (DelegateRole.MEMBER, "delegate")):
        services.set_role_category(
            actor=organiser, summit=summit, role=role, category=categories[key]
        )
    delegates = list(queries.delegates(summit).filter(delegation__status__in=ATTENDING))
    for role, key in ((DelegateRole.HEAD, "head"), (DelegateRole.MEMBER, "delegate")):
        chosen = [d for d in delegates if d.role == role]
        services.assign_category(
            actor=organiser, summit=summit, delegates=chosen, category=categories[key]
        )
    badges = []
    for delegate in queries.delegates(summit).filter(pk__in=[d.pk for d in delegates]):
        badge = delegate.badge
        if not badge.issued:
            badge = services.issue(actor=organiser, delegate=delegate)
        badges.append(badge)
    services.mark_printed(
        actor=organiser, summit=summit, badges=[b for b in badges if b.printed_at is None]
    )

    door = ensure_user(
        DOOR_USERNAME, email="door@example.org", first_name="Door", last_name="Operator"
    )
    ensure_team(
        summit,
        name_ko="출입 관리 (샘플)",
        name_en="Door operators (sample)",
        codes=["checkin"],
        members=[door],
    )

    # A morning of the 25th: site visit I's bus from 08:30, the exhibitions from 10:00.
    scans = 0
    codes = {}
    for n, badge in enumerate(badges):
        codes[badge.pk] = services.code_for(badge)
        if n % 3 == 0:
            scans += _scan(
                door,
                summit,
                zones["bus1"],
                codes[badge.pk],
                f"demo-bus1-{badge.pk}",
                _at(25, 8, 30 + n % 25),
            )
        if n % 2 == 0:
            scans += _scan(
                door,
                summit,
                zones["exhibitions"],
                codes[badge.pk],
                f"demo-exh-{badge.pk}",
                _at(25, 10 + n % 2, n % 60),
            )
        if n % 4 == 0:
            # Some leave the exhibitions through the exit door before lunch.
            scans += _scan(
                door,
                summit,
                zones["exhibitions"],
                codes[badge.pk],
                f"demo-exh-out-{badge.pk}",
                _at(25, 12, n % 50),
                direction="out",
            )
    if badges:
        # A delegate scanned twice at the bus (refused: already inside), and a lost badge:
        # revoked, refused at the exhibitions, reprinted.
        first = badges[0]
        scans += _scan(
            door, summit, zones["bus1"], codes[first.pk], "demo-bus1-again", _at(25, 8, 58)
        )
        lost = badges[-1]
        if lost.version == 1:
            services.revoke(actor=organiser, badge=lost)
            scans += _scan(
                door, summit, zones["exhibitions"], codes[lost.pk], "demo-exh-lost", _at(25, 11, 40)
            )
            services.issue(actor=organiser, delegate=lost.delegate)
    layouts = _layouts(organiser, summit, categories)
    return (
        f"{len(ZONES)} zones, {len(CATEGORIES)} accreditation categories, {len(badges)} badges, "
        f"{layouts} badge layouts"
    )


def _field(kind, x, y, w, h, size=10, align="left", language="both") -> dict:
    return {
        "kind": kind,
        "x": x,
        "y": y,
        "w": w,
        "h": h,
        "size": size,
        "align": align,
        "language": language,
        "text_ko": "",
        "text_en": "",
    }


# The forum's A6 badge (sample): the summit's line, photo, the name in both scripts, position,
# organisation, city and country, the QR, the zones and the category's colour band.
FORUM_BADGE = [
    _field("logo", 6, 4, 93, 9, size=7),
    _field("photo", 6, 15, 28, 37),
    _field("name_both", 38, 15, 61, 17, size=15),
    _field("position", 38, 33, 61, 8, size=8),
    _field("organisation", 38, 42, 61, 10, size=9),
    _field("city_country", 6, 55, 93, 9, size=8),
    _field("qr", 30, 66, 45, 45),
    _field("zones", 6, 112, 93, 11, size=6),
    _field("band", 0, 124, 105, 24),
    _field("category", 6, 128, 93, 16, size=16, align="center"),
]


def _layouts(organiser, summit, categories) -> int:
    """Sample layouts of the designer: the forum's A6 badge for delegations (the default),
    a CR80 card for the press, staff and exhibitors, and the table name card."""
    wanted = [
        (
            ("포럼 명찰 (A6, 샘플)", "Forum badge (A6, sample)"),
            {"kind": "badge", "page_size": "a6", "fields": FORUM_BADGE, "is_default": True},
            ["head", "delegate"],
        ),
        (
            ("취재진·운영 카드 (CR80, 샘플)", "Press and staff card (CR80, sample)"),
            {"kind": "badge", "page_size": "cr80", "fields": starter_fields("badge", 85.6, 54)},
            ["press", "staff", "exhibitor"],
        ),
        (
            ("탁상 명패 (샘플)", "Table name card (sample)"),
            {
                "kind": "name_card",
                "page_size": "tent",
                "fields": starter_fields("name_card", 297, 105),
                "is_default": True,
            },
            [],
        ),
    ]
    for (ko, en), values, keys in wanted:
        chosen = [categories[key] for key in keys]
        found = BadgeLayout.objects.filter(summit=summit, name_en=en).first()
        if found is None:
            services.create_layout(
                actor=organiser,
                summit=summit,
                name={"ko": ko, "en": en},
                categories=chosen,
                **values,
            )
        elif found.fields != values["fields"] or set(found.categories.all()) != set(chosen):
            services.update_layout(actor=organiser, layout=found, changes=values, categories=chosen)
    return len(wanted)


def _scan(door, summit, zone, code, client_scan_id, at, direction="in") -> int:
    _scan_row, new = services.scan(
        direction=direction,
        actor=door,
        summit=summit,
        zone=zone,
        code=code,
        client_scan_id=client_scan_id,
        door="Main exit (sample)" if direction == "out" else "Main entrance (sample)",
        at=at,
    )
    return int(new)
