"""Members' motions with supporters, amendments voted before their motion in order."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from summitry.assembly import services
from summitry.assembly.models import Motion, MotionSupport, Poll
from tests.factories import UserFactory

from .support import make_assembly
from .test_pages import client_for

pytestmark = pytest.mark.django_db


def needs(assembly, organiser, supporters):
    services.set_rules(
        actor=organiser,
        assembly=assembly,
        quorum_to_open=assembly.quorum_to_open,
        votes_changeable=assembly.votes_changeable,
        checkin_zone=None,
        motion_supporters=supporters,
    )
    assembly.refresh_from_db()


def submit(right, assembly, amends=None, title="Open data charter"):
    return services.submit_motion(
        actor=right.delegate,
        assembly=assembly,
        member_id=right.member_id,
        title={"en": title, "ko": "공공데이터 헌장"},
        text={"en": "The assembly adopts the charter.", "ko": ""},
        amends=amends,
    )


def test_a_members_motion_is_admitted_only_with_its_supporters(organiser):
    assembly, rights, _item = make_assembly(members=4)
    needs(assembly, organiser, 2)
    motion = submit(rights[0], assembly)
    assert (motion.state, motion.submitted_by_id) == ("submitted", rights[0].member_id)
    services.support_motion(actor=rights[1].delegate, motion=motion, member_id=rights[1].member_id)
    with pytest.raises(ValidationError, match="1 supporters; the rules ask for 2"):
        services.move_motion(actor=organiser, motion=motion, state="admitted")
    motion.refresh_from_db()
    assert motion.state == "submitted"
    with pytest.raises(ValidationError, match="already supports"):
        services.support_motion(
            actor=rights[1].delegate, motion=motion, member_id=rights[1].member_id
        )
    with pytest.raises(ValidationError, match="its own motion"):
        services.support_motion(
            actor=rights[0].delegate, motion=motion, member_id=rights[0].member_id
        )
    services.support_motion(actor=rights[2].delegate, motion=motion, member_id=rights[2].member_id)
    assert services.move_motion(actor=organiser, motion=motion, state="admitted").state == (
        "admitted"
    )
    with pytest.raises(ValidationError, match="waiting for admission"):
        services.support_motion(
            actor=rights[3].delegate, motion=motion, member_id=rights[3].member_id
        )


def test_only_a_members_own_delegate_submits_or_supports_for_it(organiser):
    assembly, rights, _item = make_assembly(members=3)
    services.give_proxy(actor=organiser, right=rights[2], holder=rights[0].member)
    with pytest.raises(PermissionDenied):  # a proxy is a vote, not a mandate to propose
        submit(
            rights[0].__class__(
                delegate=rights[0].delegate, member=rights[2].member, member_id=rights[2].member_id
            ),
            assembly,
        )
    with pytest.raises(PermissionDenied):
        services.submit_motion(
            actor=UserFactory(),
            assembly=assembly,
            member_id=rights[0].member_id,
            title={"en": "X", "ko": ""},
            text={"en": "", "ko": ""},
        )
    motion = submit(rights[0], assembly)
    with pytest.raises(PermissionDenied):
        services.support_motion(actor=organiser, motion=motion, member_id=rights[1].member_id)
    with pytest.raises(PermissionDenied):  # only staff move motions
        services.move_motion(actor=rights[1].delegate, motion=motion, state="admitted")
    with pytest.raises(ValidationError):  # a title in neither language
        services.submit_motion(
            actor=rights[1].delegate,
            assembly=assembly,
            member_id=rights[1].member_id,
            title={"en": "", "ko": ""},
            text={"en": "", "ko": ""},
        )
    assert Motion.objects.count() == 1 and MotionSupport.objects.count() == 0


def test_amendments_are_voted_before_their_motion_in_the_order_they_came(organiser):
    assembly, rights, item = make_assembly(members=3)
    motion = Motion.objects.create(
        assembly=assembly, agenda_item=item, title_en="Budget 2024", state="admitted"
    )
    first = submit(rights[0], assembly, amends=motion, title="Cut travel by 10%")
    second = submit(rights[1], assembly, amends=motion, title="Add a youth fund")
    assert first.agenda_item_id == item.pk
    with pytest.raises(ValidationError, match="Choose a motion of this assembly"):
        submit(rights[2], assembly, amends=first)  # no amendment to an amendment
    for amendment in (first, second):
        services.move_motion(actor=organiser, motion=amendment, state="admitted")

    def poll_on(m):
        return Poll.objects.create(
            assembly=assembly, agenda_item=item, motion=m, title_en=str(m), kind="open"
        )

    on_motion, on_first, on_second = poll_on(motion), poll_on(first), poll_on(second)
    with pytest.raises(ValidationError, match="Cut travel by 10%"):
        services.open_poll(actor=organiser, poll=on_motion)
    with pytest.raises(ValidationError, match="Cut travel by 10%"):
        services.open_poll(actor=organiser, poll=on_second)
    services.open_poll(actor=organiser, poll=on_first)
    services.cast(
        actor=rights[0].delegate, poll=on_first, member_id=rights[0].member_id, choice="yes"
    )
    services.close_poll(actor=organiser, poll=on_first)
    first.refresh_from_db()
    assert first.state == "adopted"
    with pytest.raises(ValidationError, match="Add a youth fund"):
        services.open_poll(actor=organiser, poll=on_motion)
    services.move_motion(actor=organiser, motion=second, state="withdrawn")
    assert services.open_poll(actor=organiser, poll=on_motion).state == "open"
    with pytest.raises(ValidationError, match="takes no amendment"):
        submit(rights[2], assembly, amends=motion)


def test_the_motions_page_for_members_and_the_chairs_console(organiser):
    assembly, rights, _item = make_assembly(members=3)
    needs(assembly, organiser, 1)
    url = reverse("assembly:motions", args=["forum", "ga"])
    assert client_for(organiser).get(url).status_code == 404  # not a member's delegate
    proposer = client_for(rights[0].delegate, "ko")
    empty = proposer.post(url, {"action": "submit", "member": rights[0].member_id})
    assert "제목".encode() in empty.content and Motion.objects.count() == 0
    proposer.post(
        url,
        {
            "action": "submit",
            "member": rights[0].member_id,
            "title_ko": "스마트시티 선언",
            "title_en": "",
        },
    )
    motion = Motion.objects.get()
    supporter = client_for(rights[1].delegate)
    page = supporter.get(url)
    assert b"Support on behalf of City 1" in page.content
    supporter.post(url, {"action": "support", "motion": motion.pk, "member": rights[1].member_id})
    assert MotionSupport.objects.filter(motion=motion).count() == 1
    move = reverse("assembly:motion-move", args=["forum", "ga", motion.pk])
    assert supporter.post(move, {"state": "admitted"}).status_code == 404
    chair = client_for(organiser)
    console = chair.get(reverse("assembly:manage", args=["forum", "ga"]))
    assert "스마트시티 선언".encode() in console.content
    answer = chair.post(move, {"state": "nonsense"}, follow=True)
    assert b"cannot go from" in answer.content
    chair.post(move, {"state": "admitted"})
    motion.refresh_from_db()
    assert motion.state == "admitted"
    assert b"confirmed" in chair.post(move, {"state": "withdrawn"}).content  # asks first
    motion.refresh_from_db()
    assert motion.state == "admitted"
    chair.post(move, {"state": "withdrawn", "confirmed": "1"})
    motion.refresh_from_db()
    assert motion.state == "withdrawn"
