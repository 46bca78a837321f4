"""Building assemblies for the tests: a body, N member cities with voting delegates."""

from __future__ import annotations

from summitry.assembly.models import (
    AgendaItem,
    Assembly,
    Member,
    Motion,
    Poll,
    VotingRight,
)
from summitry.demo.loader import ensure_organisers_team
from tests.factories import OrganisationFactory, SummitFactory, UserFactory


def make_assembly(*, members: int = 5, present: int | None = None, slug: str = "ga", summit=None):
    """An assembly of ``members`` voting cities, the first ``present`` of them present
    (all by default), each with a delegate user ``delegate<n>``; the organiser runs it."""
    summit = summit or SummitFactory(slug="forum")
    ensure_organisers_team(summit)
    body = OrganisationFactory(slug=f"body-{slug}", name_en="WeGO", name_ko="세계전자정부협의체")
    assembly = Assembly.objects.create(
        summit=summit, body=body, slug=slug, title_en="General Assembly", title_ko="총회"
    )
    present = members if present is None else present
    rights = []
    for n in range(members):
        city = OrganisationFactory(slug=f"{slug}-city{n}", name_en=f"City {n}", name_ko=f"도시 {n}")
        member = Member.objects.create(body=body, organisation=city)
        user = UserFactory(username=f"{slug}-delegate{n}")
        rights.append(
            VotingRight.objects.create(
                assembly=assembly, member=member, delegate=user, present=n < present
            )
        )
    item = AgendaItem.objects.create(
        assembly=assembly, position=1, kind="motion", title_en="Budget", title_ko="예산"
    )
    return assembly, rights, item


def make_poll(assembly, item, *, kind="open", fraction="1/2", base="cast", comparison="more_than"):
    motion = Motion.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="Adopt the budget",
        title_ko="예산 채택",
        state="admitted",
    )
    return Poll.objects.create(
        assembly=assembly,
        agenda_item=item,
        motion=motion,
        title_en="Adopt the budget?",
        title_ko="예산을 채택합니까?",
        kind=kind,
        rule_fraction=fraction,
        rule_base=base,
        rule_comparison=comparison,
    )
