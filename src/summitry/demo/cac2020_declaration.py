"""The Seoul Declaration of the CAC Global Summit 2020 (seed 004) and its signatory cities.

Facts from seed 004: on 2 June 2020 the mayors' meeting of city governments ("도시정부
시장회의"), with the mayors of about 40 cities of the world, Moscow and Jakarta among them,
opened by Mayor Park Won-soon, who stressed the role of city governments and their solidarity
and proposed an international organisation against infectious diseases; the meeting adopted
the "Seoul Declaration" ("서울선언문"). The seed gives neither the declaration's text nor its
signatories. So, clearly marked:

- the meeting is an assembly of the demo's body "CAC Global Summit 2020 mayors' meeting"
  whose members are Seoul, Moscow and Jakarta (named by the seed) and six **sample** cities
  (``Member.is_sample``, slugs beginning with "sample-cac-");
- the declaration's text is a summary of what the seed says it is about, not its wording;
  its adoption by open vote (everyone in favour) at 11:00 Seoul time is sample data;
- the signatories are the members; who signed for Seoul is Mayor Park Won-soon (named by the
  seed as the meeting's host), the others are "Sample signatory" with their city's mayor as
  title.

Keyed by natural keys; the vote is cast once, while the poll is a draft; loading twice changes
nothing. Existing directory organisations (Seoul from the other demos) are reused as they are.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.contrib.auth import get_user_model

from summitry.assembly import declarations, services
from summitry.assembly.models import (
    AgendaItem,
    Assembly,
    Member,
    Motion,
    Poll,
    Signatory,
    VotingRight,
)
from summitry.directory.models import Organisation, OrganisationKind, Region

from .loader import ensure_organiser, upsert

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
SLUG = "mayors-meeting"
MET = datetime.datetime(2020, 6, 2, 10, 0, tzinfo=SEOUL)  # the hour is the demo's own
ADOPTED = datetime.datetime(2020, 6, 2, 11, 0, tzinfo=SEOUL)
# slug: (English, Korean, country, region, sample)
CITIES = {
    "seoul": ("Seoul Metropolitan Government", "서울특별시", "KR", Region.ASIA, False),
    "moscow": ("Moscow", "모스크바", "RU", Region.EUROPE, False),
    "jakarta": ("Jakarta", "자카르타", "ID", Region.ASIA, False),
    "sample-cac-bangkok": ("Bangkok", "방콕", "TH", Region.ASIA, True),
    "sample-cac-ulaanbaatar": ("Ulaanbaatar", "울란바토르", "MN", Region.ASIA, True),
    "sample-cac-tashkent": ("Tashkent", "타슈켄트", "UZ", Region.ASIA, True),
    "sample-cac-nairobi": ("Nairobi", "나이로비", "KE", Region.AFRICA, True),
    "sample-cac-quezon-city": ("Quezon City", "케손시티", "PH", Region.ASIA, True),
    "sample-cac-medellin": ("Medellín", "메데인", "CO", Region.AMERICAS, True),
}


def _bi(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


def _organisation(slug: str, en: str, ko: str, country: str, region: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found  # another demo's record, kept as it is
    return upsert(
        Organisation,
        {"slug": slug},
        {"kind": OrganisationKind.CITY, "name": _bi(en, ko), "country": country, "region": region},
    )


def _delegate(slug: str):
    user_model = get_user_model()
    username = f"cac-delegate-{slug}"
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, first_name="Sample delegate", last_name=slug)
        user.set_unusable_password()
        user.save()
    return user


def load(summit) -> str:
    organiser, _created = ensure_organiser()
    body = upsert(
        Organisation,
        {"slug": "cac-mayors-meeting"},
        {
            "kind": OrganisationKind.INTERNATIONAL,
            "name": _bi(
                "CAC Global Summit 2020 mayors' meeting", "CAC 글로벌 서밋 2020 도시정부 시장회의"
            ),
        },
    )
    rights = {}
    assembly = upsert(
        Assembly,
        {"summit": summit, "slug": SLUG},
        {
            "body": body,
            "title": _bi("Mayors' meeting of city governments", "도시정부 시장회의"),
            "starts_at": MET,
        },
    )
    for slug, (en, ko, country, region, sample) in CITIES.items():
        organisation = _organisation(slug, en, ko, country, region)
        member = upsert(
            Member,
            {"body": body, "organisation": organisation},
            {"membership_class": "full", "votes": True, "good_standing": True, "is_sample": sample},
        )
        rights[slug] = upsert(
            VotingRight,
            {"assembly": assembly, "member": member},
            {"delegate": _delegate(slug), "present": True},
        )
    if assembly.chair_id is None:
        upsert(Assembly, {"pk": assembly.pk}, {"chair": rights["seoul"].member.organisation})
    item = upsert(
        AgendaItem,
        {"assembly": assembly, "position": 1},
        {
            "kind": "declaration",
            "title": _bi("Adoption of the Seoul Declaration", "서울선언문 채택"),
        },
    )
    motion = upsert(
        Motion,
        {"assembly": assembly, "title_en": "Seoul Declaration"},
        {
            "agenda_item": item,
            "title": _bi("Seoul Declaration", "서울선언문"),
            "text": _bi(
                "Summary (the declaration's wording is not in the seeds): the cities affirm the "
                "role of city governments against the pandemic and their solidarity, and "
                "propose an international organisation of cities against infectious diseases.",
                "요약(선언문 원문은 시드에 없음): 도시들은 감염병 대응에서 도시정부의 역할과 "
                "연대의 필요성을 확인하고, 감염병 대응 국제기구 설립을 제안한다.",
            ),
        },
    )
    if motion.state == "submitted":
        services.move_motion(actor=organiser, motion=motion, state="admitted")
    poll = upsert(
        Poll,
        {"assembly": assembly, "title_en": "Adopt the Seoul Declaration? (sample vote)"},
        {
            "agenda_item": item,
            "motion": motion,
            "title": _bi(
                "Adopt the Seoul Declaration? (sample vote)", "서울선언문을 채택합니까?(샘플 표결)"
            ),
            "kind": "open",
        },
    )
    if poll.state == "draft":
        services.open_poll(actor=organiser, poll=poll)
        for right in rights.values():
            services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
        services.close_poll(actor=organiser, poll=poll)
        # The record of the day: opened and closed on 2 June 2020.
        Poll.objects.filter(pk=poll.pk).update(opens_at=MET, closed_at=ADOPTED)
    motion.refresh_from_db()
    for slug, right in rights.items():
        organisation = right.member.organisation
        if Signatory.objects.filter(motion=motion, organisation=organisation).exists():
            continue
        if slug == "seoul":
            name, title = _bi("Park Won-soon", "박원순"), _bi("Mayor of Seoul", "서울특별시장")
        else:
            en, ko = CITIES[slug][0], CITIES[slug][1]
            name = _bi("Sample signatory", "샘플 서명자")
            title = _bi(f"Mayor of {en}", f"{ko} 시장")
        declarations.add_signatory(
            actor=organiser,
            motion=motion,
            organisation=organisation,
            signer_name=name,
            signer_title=title,
            signed_on=ADOPTED.date(),
        )
    return (
        f"the mayors' meeting's Seoul Declaration (adopted, {len(rights)} signatory cities, "
        f"{sum(1 for c in CITIES.values() if c[4])} of them sample)"
    )
