"""The demo's 6th WeGO General Assembly: 71 members, Seoul in the chair, results counted."""

import pytest
from django.core.management import call_command

from summitry.assembly.models import Assembly, Member, Poll, VoterRoll

pytestmark = pytest.mark.django_db


def test_the_demo_assembly_loads_twice_without_change():
    call_command("demo", "load", "ssc2023", verbosity=0)
    assembly = Assembly.objects.get(slug="wego-ga-6")
    assert assembly.chair.slug == "seoul" and assembly.title_ko == "제6차 WeGO 총회"
    members = Member.objects.filter(body=assembly.body)
    assert members.count() == 71
    assert list(members.filter(is_sample=False).values_list("organisation__slug", flat=True)) == [
        "seoul"
    ]
    motion = Poll.objects.get(assembly=assembly, rule_fraction="2/3")
    assert motion.result["outcome"] == "adopted"
    assert motion.result["rule"]["key"] == "motion.at_least.cast"
    assert motion.motion.state == "adopted"
    election = Poll.objects.get(assembly=assembly, method="block")
    assert election.result["outcome"] == "elected" and len(election.result["elected"]) == 4
    assert election.bulletin_digest
    votes = VoterRoll.objects.count()
    call_command("demo", "load", "ssc2023", verbosity=0)
    assert VoterRoll.objects.count() == votes and Member.objects.count() == 71
    assert Poll.objects.filter(assembly=assembly, state="draft").count() == 1
