"""The summit's own wording of its automatic e-mails: the catalogue, the restricted
templates, their use by real e-mails (with a fallback that never loses the e-mail), the
console pages and the API, both ways for permissions, in Korean and English."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.test import Client

from summitry.core import mail as core_mail
from summitry.core import mailtemplates
from summitry.core.models import AuditEntry, MailTemplateOverride, OutboundMessage
from summitry.core.tokens import issue_token
from summitry.delegations import services as delegation_services
from summitry.delegations.models import Invitation
from summitry.demo.loader import ensure_team
from tests.conftest import ApiClient
from tests.factories import OrganisationFactory, SummitFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITATION = "delegations/email/invitation"
KEY = "delegations.email.invitation"


@pytest.fixture
def forum(db):
    return SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def invite(forum, organiser, language="en"):
    number = OutboundMessage.objects.count()
    organisation = OrganisationFactory(
        slug=f"wellington-{number}", name_en="Wellington", country="NZ"
    )
    delegation_services.invite(
        actor=organiser,
        summit=forum,
        organisation=organisation,
        contact_name="Jane Doe",
        contact_email="jane@example.org",
        language=language,
    )
    return OutboundMessage.objects.filter(recipient="jane@example.org").latest("pk")


def own_text(forum, organiser, language="en", **texts):
    return mailtemplates.save(
        actor=organiser,
        summit=forum,
        mail=mailtemplates.by_key(KEY),
        language=language,
        subject=texts.get("subject", "Welcome, {{ name }}, to {{ summit_name }}"),
        body=texts.get(
            "body", "Hello {{ name|upper }} of {{ organisation }}.\n{{ site_url }}{{ link }}\n"
        ),
    )


# --- the catalogue ------------------------------------------------------------------------------


def test_every_automatic_mail_is_found_by_its_files_including_the_press_room():
    found = mailtemplates.catalogue()
    for template in (
        INVITATION,
        "delegations/email/member_access",
        "console/email/team_invitation",
        "awards/email/submitted",
        "press/email/subscribe",
        "press/email/mailing",
    ):
        assert template in found
    invitation = found[INVITATION]
    assert invitation.documented and str(invitation.title) == "Invitation to register a delegation"
    assert {"name", "organisation", "link", "expires", "summit_name", "site_url"} <= set(
        invitation.placeholder_names()
    )
    # Not declared by its app: found anyway, its placeholders read off the default template.
    subscribe = found["press/email/subscribe"]
    assert not subscribe.documented and "link" in subscribe.placeholder_names()
    # A password reset belongs to no summit: no summit may word it.
    assert mailtemplates.by_key("core.email.password_reset") is None


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_default_text_is_a_valid_starting_point_in_both_languages(language):
    for found in mailtemplates.summit_mails():
        subject = mailtemplates.default_text(found, mailtemplates.SUBJECT, language)
        body = mailtemplates.default_text(found, mailtemplates.BODY, language)
        mailtemplates.validate(found, subject=subject, body=body)
    invitation = mailtemplates.by_key(KEY)
    korean = mailtemplates.default_text(invitation, mailtemplates.BODY, "ko")
    assert "{{ name }}" in korean and "초청합니다" in korean


# --- a real e-mail ------------------------------------------------------------------------------


def test_the_summits_own_text_is_what_the_invitation_says_and_reset_restores_the_default(
    forum, organiser
):
    own_text(forum, organiser)
    message = invite(forum, organiser)
    assert message.subject == "Welcome, Jane Doe, to Mayors Forum"
    assert message.body.startswith("Hello JANE DOE of Wellington.\nhttp")
    assert "/register/" in message.body or "/invitation" in message.body or "http" in message.body
    assert django_mail.outbox[-1].subject == "Welcome, Jane Doe, to Mayors Forum"
    # Only English was worded: a Korean contact gets the default.
    korean = invite(forum, organiser, language="ko")
    assert korean.subject == "시장포럼 초청"

    assert mailtemplates.reset(
        actor=organiser, summit=forum, mail=mailtemplates.by_key(KEY), language="en"
    )
    again = invite(forum, organiser)
    assert again.subject == "Invitation to Mayors Forum"
    assert "Dear Jane Doe," in again.body
    assert AuditEntry.objects.filter(summit=forum, action="deleted").exists()


def test_an_own_text_that_fails_at_sending_falls_back_to_the_default_and_is_noted(forum, organiser):
    # Saved before a rule changed (not through the checks): it cannot be rendered now.
    broken = MailTemplateOverride.objects.create(
        summit=forum,
        template=INVITATION,
        language="en",
        subject="{% load static %}{% static 'x' %}",
        body="{{ name",
    )
    message = invite(forum, organiser)
    assert message.subject == "Invitation to Mayors Forum"
    assert message.sent_at is not None
    entry = AuditEntry.objects.get(summit=forum, action="mail-template-failed")
    assert entry.object_id == str(broken.pk) and entry.fields


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("{% load static %}Hi", "Body", "the tag {% load %} cannot be used"),
        ("Hi", "{% include 'core/base.html' %}", "the tag {% include %} cannot be used"),
        ("Hi {{ invitation.contact_name }}", "Body", "unknown placeholder"),
        ("Hi", "{{ name.__class__ }}", "unknown placeholder"),
        ("Hi", "{% if name %}no end", "cannot be read"),
        ("Hi", "{{ name|safe }}", "cannot be read"),
        ("   ", "Body", "is empty"),
    ],
)
def test_a_bad_template_is_refused_with_a_message_and_nothing_is_saved(
    forum, organiser, subject, body, expected
):
    response = client_for(organiser).post(
        f"/forum/manage/mails/{KEY}/en/", {"action": "save", "subject": subject, "body": body}
    )
    assert response.status_code == 200
    assert expected in response.content.decode().replace("&#x27;", "'")
    assert not MailTemplateOverride.objects.exists()


def test_the_refusal_speaks_korean_to_a_korean_reader(forum, organiser):
    response = client_for(organiser, "ko").post(
        f"/forum/manage/mails/{KEY}/ko/", {"action": "save", "subject": "{% load x %}", "body": "b"}
    )
    assert "사용할 수 없습니다" in response.content.decode()
    assert not MailTemplateOverride.objects.exists()


# --- the console ---------------------------------------------------------------------------------


def test_staff_list_search_edit_preview_save_and_reset_in_the_console(forum, organiser):
    client = client_for(organiser)
    listing = client.get("/forum/manage/")
    assert "/forum/manage/mails/" in listing.content.decode()
    page = client.get("/forum/manage/mails/?q=invitation")
    html = page.content.decode()
    assert "Invitation to register a delegation" in html and "Award application" not in html
    assert "Customised" not in html

    edit = client.get(f"/forum/manage/mails/{KEY}/en/")
    html = edit.content.decode()
    assert "Default text" in html and "{{ name }}" in html
    assert "Dear Jane Doe," in html  # the English preview, with sample values
    assert "김민준 님께" in html  # the Korean one

    preview = client.post(
        f"/forum/manage/mails/{KEY}/en/",
        {"action": "preview", "subject": "Hi {{ name }}", "body": "For {{ organisation }}"},
    )
    assert "For Wellington City" in preview.content.decode()
    assert not MailTemplateOverride.objects.exists()

    saved = client.post(
        f"/forum/manage/mails/{KEY}/en/",
        {"action": "save", "subject": "Hi {{ name }}", "body": "For {{ organisation }}"},
    )
    assert saved.status_code == 302
    own = MailTemplateOverride.objects.get()
    assert (own.language, own.subject, own.updated_by) == ("en", "Hi {{ name }}", organiser)
    assert "Customised" in client.get("/forum/manage/mails/").content.decode()

    # Reset asks first (without JavaScript: the confirmation page), then deletes.
    asked = client.post(f"/forum/manage/mails/{KEY}/en/", {"action": "reset"})
    assert asked.status_code == 200 and MailTemplateOverride.objects.exists()
    done = client.post(f"/forum/manage/mails/{KEY}/en/", {"action": "reset", "confirmed": "1"})
    assert done.status_code == 302 and not MailTemplateOverride.objects.exists()


def test_the_pages_are_refused_to_a_team_member_without_the_permission_and_to_others(forum):
    member = UserFactory(username="member")
    ensure_team(forum, name_ko="등록", name_en="Desk", codes={"outbox"}, members=[member])
    outsider = UserFactory(username="outsider")
    for user, status in ((member, 403), (outsider, 404)):
        client = client_for(user)
        assert client.get("/forum/manage/mails/").status_code == status
        assert client.get(f"/forum/manage/mails/{KEY}/en/").status_code == status
        refused = client.post(
            f"/forum/manage/mails/{KEY}/en/", {"action": "save", "subject": "x", "body": "y"}
        )
        assert refused.status_code == status
    assert "/forum/manage/mails/" not in client_for(member).get("/forum/manage/").content.decode()
    assert not MailTemplateOverride.objects.exists()


def test_a_team_member_given_the_permission_may_word_the_mails(forum):
    writer = UserFactory(username="writer")
    ensure_team(forum, name_ko="홍보", name_en="Comms", codes={"mail_templates"}, members=[writer])
    assert client_for(writer).get("/forum/manage/mails/").status_code == 200


def test_an_unknown_mail_or_language_is_not_found(forum, organiser):
    client = client_for(organiser)
    assert client.get("/forum/manage/mails/nothing.email.here/en/").status_code == 404
    assert client.get(f"/forum/manage/mails/{KEY}/fr/").status_code == 404
    assert client.get("/forum/manage/mails/core.email.password_reset/en/").status_code == 404


# --- the API -------------------------------------------------------------------------------------


def test_the_api_lists_reads_sets_and_resets(forum, staff_api):
    listed = staff_api.get("/summits/forum/mail-templates?q=invitation")
    assert listed.status_code == 200
    assert KEY in [row["key"] for row in listed.json()]

    put = staff_api.client.put(
        f"/api/v1/summits/forum/mail-templates/{KEY}/ko",
        data='{"subject": "{{ summit_name }} 초대", "body": "{{ name }}님 안녕하세요"}',
        content_type="application/json",
        headers=staff_api.headers,
    )
    assert put.status_code == 200, put.content
    korean = next(text for text in put.json()["texts"] if text["language"] == "ko")
    assert korean["customised"] and korean["subject"] == "{{ summit_name }} 초대"
    assert "ko" in staff_api.get(f"/summits/forum/mail-templates/{KEY}").json()["customised"]

    bad = staff_api.client.put(
        f"/api/v1/summits/forum/mail-templates/{KEY}/en",
        data='{"subject": "{% include \\"x\\" %}", "body": "b"}',
        content_type="application/json",
        headers=staff_api.headers,
    )
    assert bad.status_code == 400 and "include" in bad.json()["detail"] + str(bad.json())
    assert MailTemplateOverride.objects.count() == 1

    assert staff_api.delete(f"/summits/forum/mail-templates/{KEY}/ko").status_code == 204
    assert not MailTemplateOverride.objects.exists()
    assert staff_api.get("/summits/forum/mail-templates/nothing.here").status_code == 404


def test_the_api_is_refused_without_the_permission(forum, anonymous_api):
    member = UserFactory(username="member", is_staff=True)
    ensure_team(forum, name_ko="등록", name_en="Desk", codes={"outbox"}, members=[member])
    api = ApiClient(issue_token(user=member, name="tests")[1])
    assert anonymous_api.get("/summits/forum/mail-templates").status_code == 401
    assert api.get("/summits/forum/mail-templates").status_code == 403
    refused = api.client.put(
        f"/api/v1/summits/forum/mail-templates/{KEY}/en",
        data='{"subject": "x", "body": "y"}',
        content_type="application/json",
        headers=api.headers,
    )
    assert refused.status_code == 403
    assert api.delete(f"/summits/forum/mail-templates/{KEY}/en").status_code == 403
    assert not MailTemplateOverride.objects.exists()


def test_a_mail_found_only_by_its_files_is_worded_too(forum, organiser):
    """The press room's subscription e-mail is declared nowhere: its files are enough."""
    found = mailtemplates.by_key("press.email.subscribe")
    mailtemplates.save(
        actor=organiser,
        summit=forum,
        mail=found,
        language="ko",
        subject="{{ name }} 보도자료 구독 확인",
        body="확인 링크: {{ link }}\n",
    )
    message = core_mail.send(
        summit=forum,
        recipient="press@example.org",
        language="ko",
        template="press/email/subscribe",
        context={"link": "https://example.org/confirm/abc"},
        kind="press-subscribe",
    )
    assert message.subject == "시장포럼 보도자료 구독 확인"
    assert message.body == "확인 링크: https://example.org/confirm/abc\n"


def test_the_edited_text_sees_plain_values_only(forum, organiser):
    """No object reaches the edited text: nothing to walk from a placeholder to other data."""
    invitation = mailtemplates.by_key(KEY)
    invite(forum, organiser)
    values = mailtemplates.values(
        invitation,
        {
            "summit": forum,
            "site_url": "https://x",
            "link": "/l/",
            "invitation": Invitation.objects.get(),
        },
    )
    assert values["name"] == "Jane Doe" and values["organisation"] == "Wellington"
    assert all(isinstance(value, (str, int, bool)) for value in values.values())
    # A value the context lacks is empty, not an error.
    assert mailtemplates.values(invitation, {"summit": forum})["name"] == ""


def test_the_api_refuses_a_bad_template_in_korean(forum, korean_staff_api):
    refused = korean_staff_api.client.put(
        f"/api/v1/summits/forum/mail-templates/{KEY}/ko",
        data='{"subject": "{{ invitation.created_by.password }}", "body": "b"}',
        content_type="application/json",
        headers=korean_staff_api.headers,
    )
    assert refused.status_code == 400
    assert "알 수 없는 자리표시자" in str(refused.json())
    assert not MailTemplateOverride.objects.exists()
