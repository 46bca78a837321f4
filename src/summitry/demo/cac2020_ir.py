"""The CAC Global Summit 2020's IR session (seed 004): "an IR session of innovative companies
… about 20 companies in untact IT and bio-medical / medical devices, introduced to the world".

The seed names no company and no investor: the 20 companies and the 8 investors here are
**sample records** (``is_sample=True``, named "Sample …"), as are their interests, the meeting
requests between them, and the window of one-to-one video meetings after the pitches (June 4,
16:00–18:00 Seoul time, 20 minutes, six video rooms). The schedule is placed by the meetings
solver when the demo loads and published. Demo logins: ``ir-investor`` (sample investor A) and
``ir-company`` (sample company 01), password summitry-demo.
"""

from __future__ import annotations

import datetime
import zoneinfo

from summitry.directory.models import Organisation
from summitry.exhibitions import ir_services
from summitry.exhibitions.models import (
    Investor,
    IRMeeting,
    IRSession,
    MeetingStatus,
    PitchingCompany,
)
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit

from .loader import ensure_organiser, ensure_user, upsert

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
IR_TITLE_EN = "Innovative companies' IR"
COMPANIES = 20
# Investor letter, sectors, stages, ticket size.
INVESTORS = [
    ("A", ["untact_it", "ai"], ["seed", "series_a"], "small"),
    ("B", ["medical_devices", "bio"], ["series_a", "series_b"], "medium"),
    ("C", ["untact_it", "fintech"], ["series_b", "growth"], "large"),
    ("D", ["medical_devices"], ["seed", "series_a"], "small"),
    ("E", ["bio", "ai"], ["series_a"], "medium"),
    ("F", ["untact_it", "smart_city"], ["seed"], "small"),
    ("G", ["medical_devices", "untact_it"], ["growth"], "xlarge"),
    ("H", ["bio", "medical_devices"], ["series_b"], "large"),
]
STAGES = ["seed", "series_a", "series_b", "growth"]


def _company(n: int) -> dict:
    untact = n % 2 == 1
    sector_ko, sector_en = ("언택트 IT", "untact IT") if untact else ("의료기기", "medical devices")
    sectors = ["untact_it", "ai" if n % 4 == 1 else "fintech"] if untact else [
        "medical_devices",
        "bio",
    ]  # fmt: skip
    return {
        "slug": f"cac2020-sample-company-{n:02d}",
        "name": {
            "ko": f"샘플 혁신기업 {n:02d} ({sector_ko})",
            "en": f"Sample innovative company {n:02d} ({sector_en})",
        },
        "summary": {
            "ko": f"{sector_ko} 분야의 샘플 기업입니다(데모용 가상 기업).",
            "en": f"A sample {sector_en} company (made up for the demo).",
        },
        "sectors": sectors,
        "stage": STAGES[n % 4],
    }


def _session(summit: Summit, organiser) -> IRSession:
    item = ProgrammeItem.objects.get(summit=summit, title_en=IR_TITLE_EN)
    found = IRSession.objects.filter(item=item).first()
    if found is not None:
        return found
    return ir_services.create_session(
        actor=organiser,
        summit=summit,
        item=item,
        data={
            "meeting_minutes": 20,
            "meetings_start": datetime.datetime(2020, 6, 4, 16, tzinfo=SEOUL),
            "meetings_end": datetime.datetime(2020, 6, 4, 18, tzinfo=SEOUL),
            "tables": 6,
            "is_sample": True,
        },
    )


def load(summit: Summit) -> str:
    organiser = ensure_organiser()[0]
    session = _session(summit, organiser)
    company_user = ensure_user(
        "ir-company", email="ir-company@example.org", first_name="Sample", last_name="Company"
    )
    investor_user = ensure_user(
        "ir-investor", email="ir-investor@example.org", first_name="Sample", last_name="Investor"
    )
    companies = []
    for n in range(1, COMPANIES + 1):
        data = _company(n)
        organisation = upsert(
            Organisation,
            {"slug": data["slug"]},
            {"kind": "company", "name": data["name"], "country": "KR"},
        )
        found = PitchingCompany.objects.filter(session=session, organisation=organisation).first()
        if found is None:
            found = ir_services.add_company(
                actor=organiser,
                session=session,
                data={
                    "organisation": organisation,
                    "user": company_user if n == 1 else None,
                    "summary": data["summary"],
                    "sectors": data["sectors"],
                    "stage": data["stage"],
                    "position": n,
                    "pitch_minutes": 5,
                    "mode": "online",
                    "is_sample": True,
                },
            )
        companies.append(found)
    investors = []
    for letter, sectors, stages, ticket in INVESTORS:
        name = f"Sample investor {letter}"
        found = Investor.objects.filter(session=session, name=name).first()
        if found is None:
            found = ir_services.add_investor(
                actor=organiser,
                session=session,
                data={
                    "name": name,
                    "user": investor_user if letter == "A" else None,
                    "sectors": sectors,
                    "stages": stages,
                    "ticket_size": ticket,
                    "notes": {
                        "ko": "샘플 투자자(데모용 가상 기록)입니다.",
                        "en": "A sample investor (made up for the demo).",
                    },
                    "is_sample": True,
                },
            )
        investors.append(found)
    if not session.meetings.exists():
        _requests(session, organiser, investors)
    if session.published_at is None:
        ir_services.run_scheduler(actor=organiser, session=session)  # at once, for the demo
        ir_services.publish(actor=organiser, session=session)
    placed = session.meetings.filter(starts_at__isnull=False).count()
    return (
        f"IR session: {len(companies)} sample companies, {len(investors)} sample investors, "
        f"{placed} one-to-one meetings scheduled"
    )


def _requests(session: IRSession, organiser, investors: list[Investor]) -> None:
    """Each sample investor's three best matches by interests, as accepted meetings (asked by
    the investor, the company, or suggested by staff in turn); then one pending and one
    declined request, so the pages show every state."""
    by_investor: dict[int, list] = {}
    for s in ir_services.suggestions(session, limit=10_000):
        by_investor.setdefault(s["investor"].pk, []).append(s["company"])
    sides = ["investor", "company", "organiser"]
    n = 0
    for investor in investors:
        for company in by_investor.get(investor.pk, [])[:3]:
            IRMeeting.objects.create(
                session=session,
                investor=investor,
                company=company,
                requested_by=sides[n % 3],
                status=MeetingStatus.ACCEPTED,
                investor_agreed=True,
                company_agreed=True,
            )
            n += 1
    leftovers = [
        (i, c) for i in investors[:2] for c in by_investor.get(i.pk, [])[3:4]
    ]  # fmt: skip
    for (investor, company), status in zip(
        leftovers, (MeetingStatus.PENDING, MeetingStatus.DECLINED), strict=False
    ):
        IRMeeting.objects.create(
            session=session,
            investor=investor,
            company=company,
            requested_by="investor",
            status=status,
            investor_agreed=True,
            message="Sample request (made up for the demo).",
        )
