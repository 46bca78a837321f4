"""Mailings of the press room: a press release (or a free message) e-mailed to lists —
accredited press, delegations' contacts, subscribers — each recipient in their language, from
templates staff edit per summit (with a reset to the default text).

Sending never happens in the request: :func:`send` queues :func:`process` (tasks.send_mailing),
which writes each recipient's e-mail to the outbox (core.mail), from where it is delivered and
retried. **The embargo**: while a release is embargoed, only recipients entitled to it now (an
approved accreditation at the summit) get it, marked "EMBARGOED until …" in subject and body;
everyone else is held without any e-mail written, and written to once the embargo has passed
(:func:`send_held`, every minute with the embargo task). Entitlement is decided when the e-mail
is written, with the clock of that moment, so a later embargo or a withdrawn accreditation
holds the e-mail back.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from summitry.core import audit, mail
from summitry.core import services as core
from summitry.core.bilingual import LANGUAGE_CODES, localise
from summitry.core.scoping import in_summit

from . import policy
from .models import (
    Accreditation,
    AccreditationStatus,
    Audience,
    Mailing,
    MailingRecipient,
    MailingStatus,
    MailTemplate,
    PressRelease,
    Subscriber,
    TemplateKind,
)

# The default wording of each template, in each language (gettext), and the placeholders it
# may use. A summit's MailTemplate replaces it; deleting that resets to these.
DEFAULTS = {
    TemplateKind.RELEASE: (
        gettext_lazy("Press release: {{ headline }}"),
        gettext_lazy(
            "Dear {{ name }},\n\n"
            "{{ summit }} has issued a press release ({{ edition }}).\n\n"
            "{{ headline }}\n\n{{ summary }}\n\n"
            "Read it in full and download the PDF: {{ link }}\n\n"
            "With kind regards,\nThe press team"
        ),
    ),
    TemplateKind.MESSAGE: (
        gettext_lazy("{{ subject }}"),
        gettext_lazy("Dear {{ name }},\n\n{{ message }}\n\nWith kind regards,\n{{ summit }}"),
    ),
}
PLACEHOLDERS = {
    TemplateKind.RELEASE: ("name", "summit", "headline", "summary", "edition", "link"),
    TemplateKind.MESSAGE: ("name", "summit", "subject", "message"),
}
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
KIND = "press-mailing"
BULLET = " -•\t"


# --- templates -------------------------------------------------------------------------------


def _braced(name: str) -> str:
    return "{{ " + name + " }}"


def check_placeholders(kind: str, text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS[kind]})
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Use %(known)s.")
            % {
                "names": ", ".join(_braced(name) for name in unknown),
                "known": ", ".join(_braced(name) for name in PLACEHOLDERS[kind]),
            }
        )


def template_of(summit, kind: str) -> MailTemplate | None:
    return in_summit(MailTemplate, summit).filter(kind=kind).first()


def wording(summit, kind: str, language: str, found: MailTemplate | None = ...) -> tuple[str, str]:
    """The (subject, body) template text of ``kind`` in ``language``: the summit's own where
    it has one in that language, else the default."""
    if found is ...:
        found = template_of(summit, kind)
    if found is not None:
        subject = getattr(found, f"subject_{language}") or ""
        body = getattr(found, f"body_{language}") or ""
        if subject.strip() and body.strip():
            return subject, body
    with translation.override(language):
        subject, body = DEFAULTS[kind]
        return str(subject), str(body)


@transaction.atomic
def save_template(*, actor, summit, kind: str, subject: dict, body: dict) -> MailTemplate:
    policy.require_staff(actor, summit)
    if kind not in TemplateKind.values:
        raise ValidationError(_("Choose a known template."))
    errors: dict[str, list[str]] = {}
    for lang in LANGUAGE_CODES:
        for name, value in (("subject", subject.get(lang, "")), ("body", body.get(lang, ""))):
            if not value.strip():
                errors.setdefault(f"{name}_{lang}", []).append(_("Write this text."))
                continue
            try:
                check_placeholders(kind, value)
            except ValidationError as error:
                errors.setdefault(f"{name}_{lang}", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    changes = core.flatten_bilingual({"subject": subject, "body": body})
    found = template_of(summit, kind)
    if found is None:
        return core.create(actor=actor, instance=MailTemplate(summit=summit, kind=kind, **changes))
    return core.update(actor=actor, instance=found, changes=changes)


@transaction.atomic
def reset_template(*, actor, summit, kind: str) -> None:
    policy.require_staff(actor, summit)
    found = template_of(summit, kind)
    if found is not None:
        core.delete(actor=actor, instance=found)


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


# --- what an e-mail says -------------------------------------------------------------------


def _local(summit, moment: datetime.datetime) -> str:
    local = timezone.localtime(moment, summit.zone)
    return "{} {} {}".format(
        formats.date_format(local, "DATE_FORMAT"),
        formats.time_format(local, "H:i"),
        formats.date_format(local, "T"),
    )


def embargo_line(release: PressRelease, language: str) -> str:
    """ "EMBARGOED until <date time zone>" in ``language``, the time in the summit's zone."""
    with translation.override(language):
        return _("EMBARGOED until %(when)s") % {"when": _local(release.summit, release.embargo_at)}


def _release_values(release: PressRelease, language: str) -> dict[str, str]:
    from .figures import fill as fill_figures
    from .queries import figures_for

    counts = figures_for(release)
    with translation.override(language):
        summary = fill_figures(str(localise(release, "summary")), counts)
        edition = "{}, {}".format(
            formats.date_format(release.edition_date, "DATE_FORMAT"),
            release.get_edition_display(),
        )
        return {
            "headline": fill_figures(str(localise(release, "headline")), counts),
            "summary": "\n".join(
                "- " + line.strip(BULLET) for line in summary.splitlines() if line.strip()
            ),
            "edition": edition,
            "link": settings.SUMMITRY_SITE_URL
            + reverse("press:release", args=[release.summit.slug, release.pk]),
        }


@dataclass
class Composed:
    subject: str
    body: str


def compose(
    mailing_or_draft, *, language: str, name: str, at: datetime.datetime, unsubscribe: str = ""
) -> Composed:
    """The e-mail of a mailing to one recipient, in ``language``: the template filled in; an
    embargoed release marked in the subject and at the top of the body (whatever the template
    says), an unsubscribe link for subscribers."""
    summit, release = mailing_or_draft.summit, mailing_or_draft.release
    kind = TemplateKind.RELEASE if release is not None else TemplateKind.MESSAGE
    subject_text, body_text = wording(summit, kind, language)
    with translation.override(language):
        values = {"name": name or _("reader"), "summit": str(localise(summit, "name"))}
        if release is not None:
            values.update(_release_values(release, language))
        else:
            values["subject"] = str(localise(mailing_or_draft, "subject"))
            values["message"] = str(localise(mailing_or_draft, "message"))
        subject = " ".join(fill(subject_text, values).split())
        body = fill(body_text, values)
        if release is not None and not policy.is_public(release, at):
            line = embargo_line(release, language)
            subject = f"[{line}] {subject}"
            warning = _("Not to be reported before this instant.")
            body = f"*** {line} ***\n{warning}\n\n{body}"
        if unsubscribe:
            body += "\n\n--\n" + _("To stop receiving these e-mails: %(link)s") % {
                "link": unsubscribe
            }
    return Composed(subject[:300], body)


# --- the lists ---------------------------------------------------------------------------------


@dataclass
class Address:
    email: str
    name: str
    language: str
    audience: str


def _language(code: str | None) -> str:
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def addresses(summit, audiences) -> list[Address]:
    """Everyone on the chosen lists, each address once (press first: a journalist who also
    subscribed is reached as press)."""
    from summitry.delegations.models import Delegation, DelegationStatus

    found: dict[str, Address] = {}

    def add(email: str, name: str, language: str | None, audience: str) -> None:
        email = (email or "").strip()
        if email and email.lower() not in found:
            found[email.lower()] = Address(email, name, _language(language), audience)

    if Audience.PRESS in audiences:
        press = in_summit(Accreditation, summit).filter(status=AccreditationStatus.APPROVED)
        for row in press.select_related("user").order_by("pk"):
            add(row.user.email, row.name, row.language, Audience.PRESS)
    if Audience.DELEGATIONS in audiences:
        rows = (
            in_summit(Delegation, summit)
            .exclude(status__in=[DelegationStatus.DECLINED, DelegationStatus.CANCELLED])
            .select_related("invitation", "contact")
            .order_by("pk")
        )
        for row in rows:
            invitation = row.invitation
            email = (invitation.contact_email if invitation else "") or (
                row.contact.email if row.contact else ""
            )
            name = (invitation.contact_name if invitation else "") or (
                row.contact.get_full_name() if row.contact else ""
            )
            add(email, name, invitation.language if invitation else "en", Audience.DELEGATIONS)
    if Audience.SUBSCRIBERS in audiences:
        subscribers = in_summit(Subscriber, summit).filter(confirmed_at__isnull=False)
        for row in subscribers.order_by("pk"):
            add(row.email, "", row.language, Audience.SUBSCRIBERS)
    return list(found.values())


def is_entitled(recipient, release: PressRelease | None, at: datetime.datetime) -> bool:
    """May ``recipient`` be e-mailed this mailing now? A free mailing: yes. A release: only
    once released; before its embargo only with an approved accreditation at its summit."""
    if release is None:
        return True
    if not policy.is_released(release):
        return False
    if policy.is_public(release, at):
        return True
    return (
        recipient.audience == Audience.PRESS
        and in_summit(Accreditation, release.summit)
        .filter(status=AccreditationStatus.APPROVED, user__email__iexact=recipient.email)
        .exists()
    )


# --- mailings ----------------------------------------------------------------------------------


def _check_release(release: PressRelease | None) -> None:
    if release is not None and not policy.is_released(release):
        raise ValidationError(
            _("Only a scheduled or published release can be mailed (this one is “%(status)s”).")
            % {"status": release.get_status_display()}
        )


@transaction.atomic
def create_mailing(
    *,
    actor,
    summit,
    audiences,
    release: PressRelease | None = None,
    subject: dict | None = None,
    message: dict | None = None,
) -> Mailing:
    policy.require_staff(actor, summit)
    audiences = [a for a in Audience.values if a in set(audiences or [])]
    errors: dict[str, list[str]] = {}
    if not audiences:
        errors["audiences"] = [_("Choose at least one list.")]
    if release is not None and release.summit_id != summit.pk:
        errors["release"] = [_("Choose a release of this summit.")]
    subject, message = subject or {}, message or {}
    if release is None:
        for lang in LANGUAGE_CODES:
            text = " ".join([subject.get(lang, ""), message.get(lang, "")])
            if PLACEHOLDER.search(text):
                errors.setdefault(f"message_{lang}", []).append(
                    _("Placeholders belong in the template, not in the message.")
                )
        if not any(v.strip() for v in subject.values()) or not any(
            v.strip() for v in message.values()
        ):
            errors["subject_ko"] = [
                _("Write the subject and the message in at least one language.")
            ]
    if errors:
        raise ValidationError(errors)
    _check_release(release)
    mailing = Mailing(
        summit=summit,
        release=release,
        audiences=audiences,
        created_by=actor,
        **(core.flatten_bilingual({"subject": subject, "message": message}) if not release else {}),
    )
    return core.create(actor=actor, instance=mailing)


@transaction.atomic
def send(*, actor, mailing: Mailing) -> Mailing:
    """Queue a draft mailing: the e-mails are written by the task queue, not here."""
    policy.require_staff(actor, mailing.summit)
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != MailingStatus.DRAFT:
        raise ValidationError(_("This mailing has already been sent."))
    _check_release(mailing.release)
    core.update(
        actor=actor,
        instance=mailing,
        changes={"status": MailingStatus.QUEUED, "sent_by": actor, "queued_at": timezone.now()},
    )
    from summitry.core.tasks import run_after_commit

    from .tasks import send_mailing

    run_after_commit(send_mailing, mailing.pk)
    mailing.refresh_from_db(fields=["status"])
    return mailing


def _unsubscribe_link(summit, email: str) -> str:
    token = signing.dumps({"s": summit.pk, "e": email.lower()}, salt=UNSUBSCRIBE_SALT)
    return settings.SUMMITRY_SITE_URL + reverse("press:unsubscribe", args=[summit.slug, token])


UNSUBSCRIBE_SALT = "summitry.press.unsubscribe"
CONFIRM_SALT = "summitry.press.subscribe"


def process(mailing_id: int, *, at: datetime.datetime | None = None) -> str:
    """Write the e-mails of a queued (or held) mailing that may go now; idempotent: an address
    already written to is skipped, and the mailing row is locked while this runs."""
    at = at or timezone.now()
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update(of=("self",))
            .select_related("summit", "release__summit")
            .filter(pk=mailing_id)
            .first()
        )
        if mailing is None or mailing.status not in (MailingStatus.QUEUED, MailingStatus.HELD):
            return "nothing to do"
        if mailing.status == MailingStatus.QUEUED and not mailing.recipients.exists():
            MailingRecipient.objects.bulk_create(
                [
                    MailingRecipient(mailing=mailing, **vars(address))
                    for address in addresses(mailing.summit, mailing.audiences)
                ],
                ignore_conflicts=True,
            )
        held = 0
        for recipient in mailing.recipients.filter(message__isnull=True).order_by("pk"):
            if not is_entitled(recipient, mailing.release, at):
                held += 1
                continue
            unsubscribe = (
                _unsubscribe_link(mailing.summit, recipient.email)
                if recipient.audience == Audience.SUBSCRIBERS
                else ""
            )
            composed = compose(
                mailing,
                language=recipient.language,
                name=recipient.name,
                at=at,
                unsubscribe=unsubscribe,
            )
            recipient.message = mail.send(
                summit=mailing.summit,
                recipient=recipient.email,
                language=recipient.language,
                template="press/email/mailing",
                context={"subject": composed.subject, "body": composed.body},
                kind=KIND,
            )
            recipient.save(update_fields=["message"])
        mailing.status = MailingStatus.HELD if held else MailingStatus.SENT
        mailing.save(update_fields=["status"])
        return f"{held} held" if held else "sent"


def send_held(*, at: datetime.datetime | None = None) -> int:
    """Write the held e-mails of every mailing whose release is now public (every minute)."""
    at = at or timezone.now()
    due = Mailing.objects.filter(
        status=MailingStatus.HELD,
        release__status__in=[s.value for s in _released()],
        release__embargo_at__lte=at,
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        process(pk, at=at)
        done += 1
    return done


def _released():
    from .models import RELEASED

    return RELEASED


# --- reads -----------------------------------------------------------------------------------


def with_counts(rows: QuerySet[Mailing]) -> QuerySet[Mailing]:
    """Mailings with their delivery counts: recipients, sent, failed, waiting in the outbox,
    held for the embargo."""
    return rows.annotate(
        n_recipients=Count("recipients"),
        n_sent=Count("recipients", filter=Q(recipients__message__sent_at__isnull=False)),
        n_failed=Count(
            "recipients",
            filter=Q(recipients__message__isnull=False)
            & Q(recipients__message__sent_at__isnull=True)
            & Q(recipients__message__error__gt=""),
        ),
        n_waiting=Count(
            "recipients",
            filter=Q(recipients__message__isnull=False)
            & Q(recipients__message__sent_at__isnull=True)
            & Q(recipients__message__error=""),
        ),
        n_held=Count("recipients", filter=Q(recipients__message__isnull=True)),
    )


def mailings(summit) -> QuerySet[Mailing]:
    return with_counts(in_summit(Mailing, summit).select_related("release", "sent_by"))


def mailing(summit, mailing_id: int) -> Mailing:
    from django.http import Http404

    found = mailings(summit).filter(pk=mailing_id).first()
    if found is None:
        raise Http404(_("This summit has no such mailing."))
    return found


def recipients(found: Mailing, search: str = "") -> QuerySet[MailingRecipient]:
    rows = found.recipients.select_related("message")
    if search:
        rows = rows.filter(Q(email__icontains=search) | Q(name__icontains=search))
    return rows


def mailable_releases(summit) -> QuerySet[PressRelease]:
    from .models import RELEASED

    return in_summit(PressRelease, summit).filter(status__in=RELEASED)


# --- subscribers -------------------------------------------------------------------------------


def subscribe(*, summit, email: str, language: str) -> None:
    """Ask for a summit's releases by e-mail: a confirmation link is sent (nothing else is
    said, so the form does not tell whether an address is already subscribed)."""
    email = email.strip()
    token = signing.dumps(
        {"s": summit.pk, "e": email.lower(), "l": _language(language)}, salt=CONFIRM_SALT
    )
    mail.send(
        summit=summit,
        recipient=email,
        language=_language(language),
        template="press/email/subscribe",
        context={
            "link": settings.SUMMITRY_SITE_URL
            + reverse("press:subscribe-confirm", args=[summit.slug, token])
        },
        kind="press-subscribe",
    )


CONFIRM_DAYS = 7


def _read(token: str, salt: str, summit, max_age=None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:
        raise ValidationError(_("This link is not valid (or has expired).")) from error
    if data.get("s") != summit.pk:
        raise ValidationError(_("This link is not valid (or has expired)."))
    return data


@transaction.atomic
def confirm_subscription(*, summit, token: str) -> Subscriber:
    data = _read(token, CONFIRM_SALT, summit, max_age=CONFIRM_DAYS * 86400)
    found, _created = Subscriber.objects.get_or_create(
        summit=summit, email=data["e"], defaults={"language": data.get("l", "ko")}
    )
    if found.confirmed_at is None:
        found.confirmed_at = timezone.now()
        found.save(update_fields=["confirmed_at"])
    return found


@transaction.atomic
def unsubscribe(*, summit, token: str) -> str:
    data = _read(token, UNSUBSCRIBE_SALT, summit)
    for found in in_summit(Subscriber, summit).filter(email__iexact=data["e"]):
        audit.record(actor=None, obj=found, action="deleted")
        found.delete()
    return data["e"]


def preview(summit, kind: str, *, at=None) -> dict[str, Composed]:
    """The template of ``kind`` in both languages, filled with the latest released release
    (or a sample message), as a recipient would read it now."""
    at = at or timezone.now()
    release = mailable_releases(summit).order_by("-embargo_at").first()

    class Sample:
        pass

    draft: Any = Sample()
    draft.summit = summit
    draft.release = release if kind == TemplateKind.RELEASE else None
    if kind == TemplateKind.RELEASE and release is None:
        return {}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            setattr(draft, f"subject_{lang}", _("Sample subject"))
            setattr(draft, f"message_{lang}", _("The text staff write for this mailing."))
    return {
        lang: compose(draft, language=lang, name=_sample_name(lang), at=at)
        for lang in LANGUAGE_CODES
    }


def _sample_name(lang: str) -> str:
    with translation.override(lang):
        return _("Kim Min-jun")
