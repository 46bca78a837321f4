"""Declarations with signatories (issue 16, item 8): staff record the organisations that sign
an adopted declaration, who signed with their title and the day; the public page, the PDF and
the API list them in Korean and English."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.assembly import declarations, services
from summitry.assembly.models import Member, Signatory
from summitry.core.tokens import issue_token
from summitry.delegations.models import Delegation
from tests.factories import OrganisationFactory, UserFactory

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def adopted(organiser, kind="declaration"):
    assembly, rights, item = make_assembly(members=3)
    item.kind = kind
    item.save(update_fields=["kind"])
    poll = make_poll(assembly, item)
    poll.motion.title_en, poll.motion.title_ko = "Seoul Declaration", "서울선언문"
    poll.motion.text_en, poll.motion.text_ko = "Cities stand together.", "도시는 연대한다."
    poll.motion.save()
    services.open_poll(actor=organiser, poll=poll)
    for right in rights:
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    services.close_poll(actor=organiser, poll=poll)
    poll.motion.refresh_from_db()
    return assembly, rights, poll.motion


def today(assembly):
    return timezone.localtime(timezone.now(), assembly.summit.zone).date()


def sign(organiser, motion, organisation, **extra):
    return declarations.add_signatory(
        actor=organiser,
        motion=motion,
        organisation=organisation,
        signer_name=extra.pop("name", {"ko": "오세훈", "en": "Oh Se-hoon"}),
        signer_title=extra.pop("title", {"ko": "서울특별시장", "en": "Mayor of Seoul"}),
        signed_on=extra.pop("signed_on", today(motion.assembly)),
    )


def test_staff_record_signatories_once_each_with_checked_days(organiser):
    assembly, rights, motion = adopted(organiser)
    seoul = rights[0].member.organisation
    found = sign(organiser, motion, seoul)
    assert found.signer_title_en == "Mayor of Seoul"
    # A city with a delegation at the summit signs on too, though not a member.
    guest = OrganisationFactory(slug="moscow", name_en="Moscow", name_ko="모스크바")
    Delegation.objects.create(summit=assembly.summit, organisation=guest)
    sign(organiser, motion, guest, title={"en": "Deputy Mayor"})
    # Bad input, each refused with its reason, nothing recorded.
    stranger = OrganisationFactory(slug="nowhere")
    cases = [
        ({"organisation": stranger}, "member of the assembly's body"),
        ({"organisation": seoul}, "already signed"),
        ({"organisation": rights[1].member.organisation, "name": {"ko": "", "en": ""}}, "signed"),
        (
            {
                "organisation": rights[1].member.organisation,
                "signed_on": today(assembly) + datetime.timedelta(days=1),
            },
            "future",
        ),
        (
            {
                "organisation": rights[1].member.organisation,
                "signed_on": today(assembly) - datetime.timedelta(days=3),
            },
            "was adopted on",
        ),
        ({"organisation": rights[1].member.organisation, "signed_on": "yesterday"}, "day"),
    ]
    for extra, message in cases:
        organisation = extra.pop("organisation")
        with pytest.raises(ValidationError, match=message):
            sign(organiser, motion, organisation, **extra)
    assert Signatory.objects.count() == 2
    with pytest.raises(PermissionDenied):
        sign(rights[0].delegate, motion, rights[1].member.organisation)


def test_only_an_adopted_declaration_takes_signatures(organiser):
    from django.http import Http404

    _assembly, rights, motion = adopted(organiser, kind="motion")
    with pytest.raises(Http404):
        sign(organiser, motion, rights[0].member.organisation)


def test_the_public_page_and_pdf_list_the_signatories_in_both_languages(organiser):
    assembly, rights, motion = adopted(organiser)
    sign(organiser, motion, rights[0].member.organisation)
    url = reverse("assembly:declaration", args=["forum", "ga", motion.pk])
    page = Client(headers={"Accept-Language": "en"}).get(url).content.decode()
    for text in ("Seoul Declaration", "서울선언문", "도시는 연대한다", "Oh Se-hoon", "오세훈"):
        assert text in page
    assert "Mayor of Seoul" in page and "서울특별시장" in page and "City 0" in page
    # Cached for anonymous visitors, and a new signatory shows at once.
    sign(organiser, motion, rights[1].member.organisation, name={"en": "Jane Doe"})
    assert "Jane Doe" in Client().get(url).content.decode()
    pdf = Client().get(reverse("assembly:declaration-pdf", args=["forum", "ga", motion.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Not a declaration: 404.
    other = motion.assembly.motions.exclude(pk=motion.pk).first()
    if other is not None:
        assert (
            Client()
            .get(reverse("assembly:declaration", args=["forum", "ga", other.pk]))
            .status_code
            == 404
        )


def test_the_staffs_page_records_and_removes_signatories(organiser):
    assembly, rights, motion = adopted(organiser)
    url = reverse("assembly:signatories", args=["forum", "ga", motion.pk])
    staff = Client(headers={"Accept-Language": "en"})
    staff.force_login(organiser)
    assert staff.get(url).status_code == 200
    form = {
        "organisation": rights[2].member.organisation.pk,
        "signer_name_ko": "",
        "signer_name_en": "Ana Lopez",
        "signer_title_en": "Mayor",
        "signed_on": today(assembly).isoformat(),
    }
    answer = staff.post(url, {**form, "signed_on": "31/02/2023"}, follow=True)
    assert b"Give the day of the signature" in answer.content
    answer = staff.post(url, {**form, "organisation": "abc"}, follow=True)
    assert b"member of the assembly" in answer.content
    assert not Signatory.objects.exists()
    staff.post(url, form)
    found = Signatory.objects.get()
    assert found.signer_name_en == "Ana Lopez" and found.signed_on == today(assembly)
    korean = Client(headers={"Accept-Language": "ko"})
    korean.force_login(organiser)
    answer = korean.post(url, form, follow=True)
    assert "이미 서명" in answer.content.decode()
    delegate = Client()
    delegate.force_login(rights[0].delegate)
    assert delegate.get(url).status_code == 404 and delegate.post(url, form).status_code == 404
    remove = reverse("assembly:signatory-remove", args=["forum", "ga", motion.pk, found.pk])
    assert delegate.post(remove).status_code == 404
    assert staff.post(remove).status_code == 200 and Signatory.objects.exists()  # asks first
    staff.post(remove, {"confirmed": "1"})
    assert not Signatory.objects.exists()


def test_the_api_lists_declarations_and_takes_signatories_from_staff(organiser):
    assembly, rights, motion = adopted(organiser)
    staff = Client(headers={"Authorization": f"Bearer {issue_token(user=organiser, name='t')[1]}"})
    other = Client(
        headers={"Authorization": f"Bearer {issue_token(user=UserFactory(), name='t')[1]}"}
    )
    base = "/api/v1/summits/forum/assemblies/ga/declarations"
    body = {
        "organisation": rights[0].member.organisation.pk,
        "signer_name": {"ko": "오세훈", "en": "Oh Se-hoon"},
        "signer_title": {"en": "Mayor of Seoul"},
        "signed_on": today(assembly).isoformat(),
    }
    add = f"{base}/{motion.pk}/signatories"
    assert other.post(add, body, content_type="application/json").status_code == 403
    assert Client().post(add, body, content_type="application/json").status_code == 401
    answer = staff.post(add, body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    again = staff.post(add, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and "already signed" in again.content.decode()
    stranger = {**body, "organisation": OrganisationFactory(slug="x").pk}
    assert staff.post(add, stranger, content_type="application/json").status_code == 400
    listed = Client().get(base).json()
    assert listed[0]["title"] == {"ko": "서울선언문", "en": "Seoul Declaration"}
    signatory = listed[0]["signatories"][0]
    assert signatory["signer_name"] == {"ko": "오세훈", "en": "Oh Se-hoon"}
    assert signatory["organisation_name"]["en"] == "City 0"
    assert other.delete(f"{add}/{signatory['id']}").status_code == 403
    assert staff.delete(f"{add}/{signatory['id']}").status_code == 204
    assert not Signatory.objects.exists()
    assert Member.objects.count() == 3
