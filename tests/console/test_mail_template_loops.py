"""Loops in a summit's own wording of an automatic e-mail: ``{% for item in <list> %}`` over the
lists an e-mail offers (the agenda's items, the programme's changes), each item's fields plain
values; bad loops refused with a message in the author's language; a text that fails when sent
falls back to the default."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from summitry.assembly import services as assembly_services
from summitry.assembly.models import AgendaItem
from summitry.core import mailtemplates
from summitry.core.models import AuditEntry, MailTemplateOverride, OutboundMessage
from summitry.delegations.invitations import invite
from tests.assembly.support import make_assembly

pytestmark = pytest.mark.django_db

AGENDA = "assembly.email.agenda"
LOOP = (
    "{{ title }}\n"
    "{% for item in agenda_items %}{{ forloop.counter }}) {{ item.title|upper }} [{{ item.kind }}]"
    "{% if item.description %}: {{ item.description }}{% endif %}\n"
    "{% empty %}(no items)\n{% endfor %}"
)


def agenda_mail():
    return mailtemplates.by_key(AGENDA)


def test_a_loop_over_an_offered_list_is_accepted_and_previewed_with_two_sample_items():
    found = agenda_mail()
    assert set(found.lists()) == {"agenda_items"}
    mailtemplates.validate(found, subject="{{ title }}", body=LOOP)
    shown = mailtemplates.preview(found, "en", subject="Agenda", body=LOOP)
    assert shown["problems"] == []
    assert shown["body"].count("OPENING [Procedure]: The chair opens the assembly.") == 2
    assert "1) OPENING" in shown["body"] and "2) OPENING" in shown["body"]
    reversed_loop = "{% for x in agenda_items reversed %}{{ x.title }}{% endfor %}"
    mailtemplates.validate(found, subject="A", body=reversed_loop)
    # The programme's changes are a list too.
    changes = mailtemplates.by_key("programme.email.changed")
    mailtemplates.validate(
        changes, subject="x", body="{% for c in change_list %}- {{ c.text }}\n{% endfor %}"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{% for item in agenda_items %}{{ item.title }}", "is not closed by {% endfor %}"),
        ("{{ title }}{% endfor %}", "{% endfor %} without a {% for %} before it"),
        ("{% empty %}", "{% empty %} without a {% for %} before it"),
        ("{% for item in title %}{% endfor %}", "{{ title }} is not a list to loop over"),
        ("{% for item in agenda %}{% endfor %}", "(lists: agenda_items)"),
        ("{% for a, b in agenda_items %}{% endfor %}", "write a loop as {% for item in list %}"),
        ("{% for item agenda_items %}{% endfor %}", "write a loop as {% for item in list %}"),
        (
            "{% for item in agenda_items %}{{ item.secret }}{% endfor %}",
            "{{ item.secret }} is not a field of the list (fields: item.title, item.kind",
        ),
        (
            "{% for item in agenda_items %}{{ item.title.upper }}{% endfor %}",
            "is not a field of the list",
        ),
        (
            "{% for item in agenda_items %}{{ item.items }}{% endfor %}",
            "is not a field of the list",
        ),
        ("{{ item.title }}", "unknown placeholder {{ item.title }}"),
        ("{{ forloop.counter }}", "unknown placeholder {{ forloop.counter }}"),
        (
            "{% for i in agenda_items %}{{ forloop.parentloop }}{% endfor %}",
            "{{ forloop.parentloop }} is not known (in a loop: forloop.counter",
        ),
        ("{{ agenda_items }}", "{{ agenda_items }} is a list: show its items with"),
    ],
)
def test_a_bad_loop_is_refused_with_a_clear_message(body, expected):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        mailtemplates.validate(agenda_mail(), subject="Agenda", body=body)
    assert any(expected in message for message in refused.value.messages), refused.value.messages


def test_a_bad_loop_is_refused_in_korean_to_a_korean_author():
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        mailtemplates.validate(
            agenda_mail(), subject="안건", body="{% for item in title %}{{ item.x }}"
        )
    text = " ".join(refused.value.messages)
    assert "반복할 수 있는 목록이 아닙니다" in text and "{% endfor %}" in text
    assert "닫히지 않았습니다" in text


def test_the_circulated_agenda_lists_its_items_through_the_summits_own_loop(organiser):
    assembly, rights, item = make_assembly(members=2)
    AgendaItem.objects.create(
        assembly=assembly,
        position=2,
        kind="report",
        title_en="Secretary's report",
        title_ko="사무국 보고",
        description_en="The year's work.",
        description_ko="한 해의 활동.",
    )
    invite(
        actor=organiser,
        summit=assembly.summit,
        organisation=rights[0].member.organisation,
        contact_name="Kim",
        contact_email="contact0@example.org",
        language="ko",
    )
    invite(
        actor=organiser,
        summit=assembly.summit,
        organisation=rights[1].member.organisation,
        contact_name="Smith",
        contact_email=rights[1].delegate.email,
        language="en",
    )
    for language in ("en", "ko"):
        mailtemplates.save(
            actor=organiser,
            summit=assembly.summit,
            mail=agenda_mail(),
            language=language,
            subject="{{ title }}",
            body=LOOP,
        )
    assembly_services.circulate_agenda(actor=organiser, assembly=assembly)
    mails = OutboundMessage.objects.filter(kind="assembly-agenda")
    english = mails.filter(language="en").first()
    korean = mails.filter(language="ko").first()
    assert english.body.startswith("General Assembly\n1) BUDGET [")
    assert "2) SECRETARY'S REPORT [" in english.body and "]: The year's work.\n" in english.body
    assert "1) 예산 [" in korean.body and "2) 사무국 보고 [" in korean.body
    assert "한 해의 활동." in korean.body
    assert not AuditEntry.objects.filter(action="mail-template-failed").exists()


def test_a_loop_that_fails_when_sent_falls_back_to_the_default(organiser):
    assembly, rights, item = make_assembly(members=1)
    # Saved before the rules it breaks (not through the checks): it cannot be rendered.
    broken = MailTemplateOverride.objects.create(
        summit=assembly.summit,
        template="assembly/email/agenda",
        language="ko",
        subject="Agenda",
        body="{% for item in agenda_items %}{{ item.title }}",
    )
    assembly_services.circulate_agenda(actor=organiser, assembly=assembly)
    sent = OutboundMessage.objects.filter(kind="assembly-agenda").first()
    assert sent.language == "ko"
    assert sent.subject != "Agenda" and "1. 예산" in sent.body
    entry = AuditEntry.objects.get(action="mail-template-failed")
    assert entry.object_id == str(broken.pk)
