"""The demo's 6th WeGO General Assembly: 71 members, Seoul in the chair, results counted."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from summitry.assembly.models import Alternate, Assembly, Member, Poll, VoterRoll

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
    ranked = Poll.objects.get(assembly=assembly, method="ranked")
    assert ranked.state == "closed" and ranked.result["kind"] == "stv"
    assert ranked.result["outcome"] == "elected" and len(ranked.result["elected"]) == 2
    # the 64 present less the three demo logins and the proxy they leave to the visitor
    assert ranked.result["ballots"] == 60 and ranked.result["rounds"]
    # Its pages: the projector shows the last closed vote, the election, with its cities.
    page = Client(headers={"Accept-Language": "en"}).get("/ssc2023/assemblies/wego-ga-6/projector/")
    assert page.status_code == 200 and "Executive Committee cities" in page.content.decode()
    assert "Taipei" in page.content.decode() and "집행위원회" in page.content.decode()
    bulletin = Client().get(f"/ssc2023/assemblies/wego-ga-6/polls/{election.pk}/bulletin/")
    assert bulletin.status_code == 200 and bulletin.context["count"] == election.result["ballots"]
    chair = Client()
    chair.force_login(get_user_model().objects.get(username="wego-chair"))
    console = chair.get("/ssc2023/manage/assemblies/wego-ga-6/")
    assert (
        console.status_code == 200 and console.context["attendance"].quorum.present == 64
    )  # 71 less 7 absent
    # Alternates (one of which voted in the run-off), a single-seat election decided by the
    # run-off the chair created, and the 5th assembly's minutes approved by the 6th.
    assert Alternate.objects.filter(right__assembly=assembly).count() == 3
    first = Poll.objects.get(assembly=assembly, method="single", runoff_of__isnull=True)
    runoff = Poll.objects.get(runoff_of=first)
    assert first.result["outcome"] == "runoff" and runoff.result["outcome"] == "elected"
    assert sorted(runoff.result["votes"]) == sorted(first.result["runoff"])
    assert VoterRoll.objects.filter(poll=runoff, by_alternate=True).count() == 1
    previous = Assembly.objects.get(slug="wego-ga-5")
    assert previous.minutes_approved_by == assembly and previous.minutes_approved_at
    minutes = Client(headers={"Accept-Language": "en"}).get(
        "/ssc2023/assemblies/wego-ga-5/minutes/"
    )
    assert minutes.status_code == 200 and "5th WeGO General Assembly" in minutes.content.decode()
    votes = VoterRoll.objects.count()
    call_command("demo", "load", "ssc2023", verbosity=0)
    assert VoterRoll.objects.count() == votes and Member.objects.count() == 71
    assert Poll.objects.filter(assembly=assembly, state="draft").count() == 1
    assert Poll.objects.filter(assembly=assembly).count() == 7 and Alternate.objects.count() == 3


def test_the_seoul_declaration_of_cac2020_lists_its_signatory_cities():
    from summitry.assembly.models import Motion, Signatory

    call_command("demo", "load", "cac2020", verbosity=0)
    motion = Motion.objects.get(assembly__slug="mayors-meeting", title_en="Seoul Declaration")
    assert motion.state == "adopted" and motion.signatories.count() == 9
    page = Client(headers={"Accept-Language": "en"}).get(
        f"/cac2020/assemblies/mayors-meeting/declarations/{motion.pk}/"
    )
    text = page.content.decode()
    assert page.status_code == 200 and "서울선언문" in text and "Seoul Declaration" in text
    assert "Park Won-soon" in text and "박원순" in text and "Moscow" in text and "자카르타" in text
    call_command("demo", "load", "cac2020", verbosity=0)
    assert Signatory.objects.count() == 9
