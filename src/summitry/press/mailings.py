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
    SERVICE_AUDIENCES,
    Accreditation,
    AccreditationStatus,
    Audience,
    BouncedAddress,
    Mailing,
    MailingRecipient,
    MailingStatus,
    MailTemplate,
    PressRelease,
    SavedList,
    SavedListEntry,
    Subscriber,
    TemplateKind,
    Unsubscription,
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
    mailing_or_draft,
    *,
    language: str,
    name: str,
    at: datetime.datetime,
    unsubscribe: str = "",
    service: bool = False,
    test: bool = False,
) -> Composed:
    """The e-mail of a mailing to one recipient, in ``language``: the template filled in; an
    embargoed release marked in the subject and at the top of the body (whatever the template
    says); the unsubscribe link, or for a service list (accredited press) why it comes
    without one; a test marked TEST in its subject."""
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
        elif service:
            body += "\n\n--\n" + _(
                "You receive this e-mail as a journalist accredited to this summit: it is part "
                "of the accreditation service (withdraw your accreditation to stop it)."
            )
        if test:
            subject = "[{}] {}".format(_("TEST"), subject)
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


def unsubscribed(summit) -> set[str]:
    """The addresses (lower case) that asked to receive no more of the summit's mailings."""
    return {
        email.lower() for email in in_summit(Unsubscription, summit).values_list("email", flat=True)
    }


def bounced(summit) -> set[str]:
    """The addresses (lower case) whose e-mail from the summit bounced: left out of every
    later mailing, whatever the list, until staff take them off the bounced addresses."""
    return {
        email.lower() for email in in_summit(BouncedAddress, summit).values_list("email", flat=True)
    }


UNSUBSCRIBED, BOUNCED = "unsubscribed", "bounced"
SKIP_REASONS = {
    UNSUBSCRIBED: gettext_lazy("unsubscribed"),
    BOUNCED: gettext_lazy("bounced before"),
}


def skipped_text(skipped: dict) -> str:
    """ "3 unsubscribed, 1 bounced before" in the active language ("" for none)."""
    return ", ".join(
        _("%(n)s %(reason)s") % {"n": skipped[reason], "reason": label}
        for reason, label in SKIP_REASONS.items()
        if skipped.get(reason)
    )


def _delegations(summit, statuses):
    from summitry.delegations.models import Delegation, DelegationStatus

    rows = in_summit(Delegation, summit)
    if statuses:
        return rows.filter(status__in=statuses)
    return rows.exclude(status__in=[DelegationStatus.DECLINED, DelegationStatus.CANCELLED])


def addresses(
    summit, audiences, *, statuses=(), saved_list: SavedList | None = None
) -> list[Address]:
    """Everyone on the chosen lists, each address once (see :func:`collect`)."""
    return collect(summit, audiences, statuses=statuses, saved_list=saved_list)[0]


def collect(
    summit, audiences, *, statuses=(), saved_list: SavedList | None = None
) -> tuple[list[Address], dict[str, int]]:
    """Everyone on the chosen lists, each address once (press first: a journalist who also
    subscribed is reached as press), without the addresses that unsubscribed from the
    summit's mailings (but on a service list: accredited press) and those whose e-mail
    bounced (on any list); and how many addresses were left out, by why. ``statuses`` narrows
    the delegations' contacts and heads of delegation to delegations in those statuses."""
    from summitry.awards.models import Application, ApplicationStatus
    from summitry.delegations.models import Delegate, DelegateRole
    from summitry.directory.models import person_name
    from summitry.judging.models import Judge

    found: dict[str, Address] = {}
    left_out = unsubscribed(summit)
    undeliverable = bounced(summit)
    skipped: dict[str, set[str]] = {UNSUBSCRIBED: set(), BOUNCED: set()}

    def add(email: str, name: str, language: str | None, audience: str) -> None:
        email = (email or "").strip()
        key = email.lower()
        if not email or key in found:
            return
        if key in undeliverable:
            skipped[BOUNCED].add(key)
            return
        if key in left_out and audience not in SERVICE_AUDIENCES:
            skipped[UNSUBSCRIBED].add(key)
            return
        found[key] = Address(email, name, _language(language), audience)

    if Audience.PRESS in audiences:
        press = in_summit(Accreditation, summit).filter(status=AccreditationStatus.APPROVED)
        for row in press.select_related("user").order_by("pk"):
            add(row.user.email, row.name, row.language, Audience.PRESS)
    if Audience.DELEGATIONS in audiences:
        rows = _delegations(summit, statuses).select_related("invitation", "contact").order_by("pk")
        for row in rows:
            invitation = row.invitation
            email = (invitation.contact_email if invitation else "") or (
                row.contact.email if row.contact else ""
            )
            name = (invitation.contact_name if invitation else "") or (
                row.contact.get_full_name() if row.contact else ""
            )
            add(email, name, invitation.language if invitation else "en", Audience.DELEGATIONS)
    if Audience.HEADS in audiences:
        heads = (
            in_summit(Delegate, summit)
            .filter(
                role=DelegateRole.HEAD,
                cancelled_at__isnull=True,
                delegation__in=_delegations(summit, statuses),
            )
            .select_related("person", "user", "delegation__invitation")
            .order_by("pk")
        )
        for row in heads:
            invitation = row.delegation.invitation
            email = row.email or (row.user.email if row.user else "")
            language = _language(invitation.language if invitation else "en")
            add(email, person_name(row.person, language).text, language, Audience.HEADS)
    if Audience.JUDGES in audiences:
        judges = (
            Judge.objects.filter(award__summit=summit, is_active=True)
            .select_related("user")
            .order_by("pk")
        )
        for row in judges:
            spoken = [code for code in (row.languages or []) if code in LANGUAGE_CODES]
            add(
                row.user.email,
                str(localise(row, "name")),
                spoken[0] if spoken else None,
                Audience.JUDGES,
            )
    if Audience.APPLICANTS in audiences:
        applications = (
            Application.objects.filter(award__summit=summit, status=ApplicationStatus.SUBMITTED)
            .select_related("applicant")
            .order_by("pk")
        )
        for row in applications:
            add(row.applicant.email, row.applicant_name, row.language, Audience.APPLICANTS)
    if Audience.SUBSCRIBERS in audiences:
        subscribers = in_summit(Subscriber, summit).filter(confirmed_at__isnull=False)
        for row in subscribers.order_by("pk"):
            add(row.email, "", row.language, Audience.SUBSCRIBERS)
    if Audience.SAVED_LIST in audiences and saved_list is not None:
        for row in saved_list.entries.order_by("pk"):
            add(row.email, row.name, row.language, Audience.SAVED_LIST)
    # An address unsubscribed but reached on a service list (accredited press) is not left out.
    counts = {
        BOUNCED: len(skipped[BOUNCED]),
        UNSUBSCRIBED: len(skipped[UNSUBSCRIBED] - found.keys()),
    }
    return list(found.values()), {reason: n for reason, n in counts.items() if n}


def addresses_of(mailing: Mailing) -> list[Address]:
    return collect_for(mailing)[0]


def collect_for(mailing: Mailing) -> tuple[list[Address], dict[str, int]]:
    return collect(
        mailing.summit,
        mailing.audiences,
        statuses=mailing.delegation_statuses,
        saved_list=mailing.saved_list,
    )


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
    statuses=(),
    saved_list: SavedList | None = None,
) -> Mailing:
    from summitry.delegations.models import DelegationStatus

    policy.require_staff(actor, summit)
    audiences = [a for a in Audience.values if a in set(audiences or [])]
    statuses = [s for s in DelegationStatus.values if s in set(statuses or [])]
    errors: dict[str, list[str]] = {}
    if not audiences:
        errors["audiences"] = [_("Choose at least one list.")]
    if Audience.SAVED_LIST in audiences:
        if saved_list is None:
            errors["saved_list"] = [_("Choose the saved list.")]
        elif saved_list.summit_id != summit.pk:
            errors["saved_list"] = [_("Choose a list of this summit.")]
    else:
        saved_list = None
    if not {Audience.DELEGATIONS, Audience.HEADS} & set(audiences):
        statuses = []
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
        delegation_statuses=statuses,
        saved_list=saved_list,
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
        skipped = dict(mailing.skipped or {})
        if mailing.status == MailingStatus.QUEUED and not mailing.recipients.exists():
            found, skipped = collect_for(mailing)
            MailingRecipient.objects.bulk_create(
                [MailingRecipient(mailing=mailing, **vars(address)) for address in found],
                ignore_conflicts=True,
            )
        held = 0
        left_out = unsubscribed(mailing.summit)
        undeliverable = bounced(mailing.summit)
        for recipient in mailing.recipients.filter(message__isnull=True).order_by("pk"):
            service = recipient.audience in SERVICE_AUDIENCES
            key = recipient.email.lower()
            why = (
                BOUNCED
                if key in undeliverable
                else UNSUBSCRIBED
                if key in left_out and not service
                else None
            )
            if why is not None:
                # Unsubscribed or bounced while the e-mail waited (for the embargo): none is
                # written, and the mailing counts it as left out.
                recipient.delete()
                skipped[why] = skipped.get(why, 0) + 1
                continue
            if not is_entitled(recipient, mailing.release, at):
                held += 1
                continue
            composed = compose(
                mailing,
                language=recipient.language,
                name=recipient.name,
                at=at,
                unsubscribe="" if service else _unsubscribe_link(mailing.summit, recipient.email),
                service=service,
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
        mailing.skipped = skipped
        mailing.save(update_fields=["status", "skipped"])
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
        n_bounced=Count("recipients", filter=Q(recipients__bounced_at__isnull=False)),
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
    """A mailing's recipients, each with whether the address has since unsubscribed."""
    from django.db.models import Exists, OuterRef

    rows = found.recipients.select_related("message").annotate(
        unsubscribed=Exists(
            Unsubscription.objects.filter(
                summit_id=found.summit_id, email__iexact=OuterRef("email")
            )
        )
    )
    if search:
        rows = rows.filter(Q(email__icontains=search) | Q(name__icontains=search))
    return rows


def recipient(found: Mailing, recipient_id: int) -> MailingRecipient:
    from django.http import Http404

    row = found.recipients.filter(pk=recipient_id).select_related("mailing__summit").first()
    if row is None:
        raise Http404(_("This mailing has no such recipient."))
    return row


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
    """The link of a mailing: the address receives none of the summit's later mailings (but
    the service lists: accredited press) and is no longer a subscriber."""
    data = _read(token, UNSUBSCRIBE_SALT, summit)
    email = data["e"]
    for found in in_summit(Subscriber, summit).filter(email__iexact=email):
        audit.record(actor=None, obj=found, action="deleted")
        found.delete()
    if not in_summit(Unsubscription, summit).filter(email__iexact=email).exists():
        found = Unsubscription.objects.create(summit=summit, email=email)
        audit.record(actor=None, obj=found, action="added")
    return email


def left_out_addresses(summit, search: str = "", kind: str = "") -> QuerySet:
    """The addresses the summit's mailings leave out, for the console: those that unsubscribed
    and those whose e-mail bounced, as rows ``{kind, pk, email, since, reason}`` by address
    (an address both unsubscribed and bounced shows twice); ``kind`` keeps one sort."""
    from django.db.models import CharField, F, Value

    def rows(model, which: str, since: str, reason):
        found = in_summit(model, summit)
        if search:
            found = found.filter(email__icontains=search)
        # Each part unordered (SQLite takes no ORDER BY inside a UNION); the union is ordered.
        return (
            found.annotate(
                kind=Value(which, output_field=CharField()),
                since=F(since),
                why=reason,
            )
            .values("kind", "pk", "email", "since", "why")
            .order_by()
        )

    parts = []
    if kind in ("", UNSUBSCRIBED):
        parts.append(
            rows(Unsubscription, UNSUBSCRIBED, "created_at", Value("", output_field=CharField()))
        )
    if kind in ("", BOUNCED):
        parts.append(rows(BouncedAddress, BOUNCED, "bounced_at", F("reason")))
    found = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    return found.order_by("email", "kind")


def left_out_address(summit, kind: str, pk: int):
    """One left-out address of the summit (an Unsubscription or a BouncedAddress), or 404."""
    from django.http import Http404

    model = {UNSUBSCRIBED: Unsubscription, BOUNCED: BouncedAddress}.get(kind)
    found = in_summit(model, summit).filter(pk=pk).first() if model else None
    if found is None:
        raise Http404(_("This summit leaves out no such address."))
    return found


@transaction.atomic
def resubscribe(*, actor, row) -> str:
    """Staff take an address off the left-out addresses (its owner asked again, or the mailbox
    works again): later mailings reach it on the lists it is on. Returns the address. A former
    subscriber is not subscribed again: that takes their own confirmation."""
    policy.require_staff(actor, row.summit)
    audit.record(actor=actor, obj=row, action="deleted")
    row.delete()
    return row.email


# --- test sends and bounces --------------------------------------------------------------------

TEST_KIND = "press-mailing-test"


def send_test(*, actor, mailing: Mailing, languages=None, at=None) -> list:
    """The mailing as its recipients would read it now, sent to the staff member's own address
    in each chosen language, marked TEST in the subject. It is not the mailing's sending:
    no recipient is written, the mailing stays as it is (a draft stays a draft)."""
    policy.require_staff(actor, mailing.summit)
    at = at or timezone.now()
    chosen = [lang for lang in LANGUAGE_CODES if lang in set(languages or LANGUAGE_CODES)]
    if not (actor.email or "").strip():
        raise ValidationError(_("Your account has no e-mail address to send a test to."))
    if not chosen:
        raise ValidationError(_("Choose a language."))
    sent = []
    name = actor.get_full_name() or actor.get_username()
    for lang in chosen:
        composed = compose(
            mailing,
            language=lang,
            name=name,
            at=at,
            unsubscribe=_unsubscribe_link(mailing.summit, actor.email),
            test=True,
        )
        sent.append(
            mail.send(
                summit=mailing.summit,
                recipient=actor.email,
                language=lang,
                template="press/email/mailing",
                context={"subject": composed.subject, "body": composed.body},
                kind=TEST_KIND,
            )
        )
    audit.record(actor=actor, obj=mailing, action="changed", fields=["test_sent"])
    return sent


def _bounce(recipient: MailingRecipient, reason: str, actor) -> MailingRecipient:
    """The recipient's e-mail bounced: recorded on it, and its address is left out of the
    summit's later mailings (BouncedAddress, with the latest bounce's reason)."""
    recipient.bounced_at = timezone.now()
    recipient.bounce_reason = reason[:300]
    recipient.save(update_fields=["bounced_at", "bounce_reason"])
    audit.record(actor=actor, obj=recipient, action="changed", fields=["bounced_at"])
    summit = recipient.mailing.summit
    found = in_summit(BouncedAddress, summit).filter(email__iexact=recipient.email).first()
    if found is None:
        found = BouncedAddress.objects.create(
            summit=summit,
            email=recipient.email.lower(),
            bounced_at=recipient.bounced_at,
            reason=recipient.bounce_reason,
        )
        audit.record(actor=actor, obj=found, action="added")
    else:
        found.bounced_at, found.reason = recipient.bounced_at, recipient.bounce_reason
        found.save(update_fields=["bounced_at", "reason"])
    return recipient


@transaction.atomic
def mark_bounced(*, actor, recipient: MailingRecipient, reason: str) -> MailingRecipient:
    """Staff record that a recipient's e-mail came back undelivered, and why."""
    policy.require_staff(actor, recipient.mailing.summit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the e-mail bounced.")]})
    if recipient.message_id is None:
        raise ValidationError(_("No e-mail has been written to this recipient yet."))
    return _bounce(recipient, reason, actor)


@transaction.atomic
def record_bounce(
    *, actor, summit, email: str = "", message_id: int | None = None, reason: str = ""
) -> list[MailingRecipient]:
    """A mail provider says an e-mail bounced (its webhook, through the API): the recipient
    of that outbox message, or every recipient of the summit's mailings at that address who
    was written to and has not bounced yet."""
    policy.require_staff(actor, summit)
    email = (email or "").strip()
    reason = (reason or "").strip() or _("Bounced (reported by the mail provider).")
    if not email and message_id is None:
        raise ValidationError({"email": [_("Give the address or the message id.")]})
    rows = (
        MailingRecipient.objects.filter(mailing__summit=summit, message__isnull=False)
        .select_related("mailing__summit")
        .select_for_update(of=("self",))
    )
    if message_id is not None:
        rows = rows.filter(message_id=message_id)
    if email:
        rows = rows.filter(email__iexact=email)
    found = list(rows.order_by("pk"))
    if not found:
        raise ValidationError(_("No e-mail of this summit's mailings matches."))
    return [_bounce(row, reason, actor) for row in found if message_id or not row.bounced_at]


def preview(summit, kind: str, *, at=None) -> dict[str, Composed]:
    """The template of ``kind`` in both languages, filled with the latest released release
    (or a sample message), as a recipient would read it now."""
    at = at or timezone.now()
    release = mailable_releases(summit).order_by("-embargo_at").first()

    class Sample:
        pass

    draft: Any = Sample()
    draft.summit = summit
    draft.saved_list = None
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


# --- saved lists -------------------------------------------------------------------------------

LINE = re.compile(r"[,;\t]")


def parse_entries(text: str) -> tuple[list[dict], list[str]]:
    """Addresses pasted one a line, ``e-mail[, name[, language]]``: the entries and, for bad
    lines, a message each (with its line number)."""
    from django.core.validators import validate_email

    entries, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in LINE.split(line)]
        email = parts[0]
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("Line %(n)s: “%(value)s” is not an e-mail address.")
                % {"n": number, "value": email[:80]}
            )
            continue
        language = parts[2].lower() if len(parts) > 2 and parts[2] else settings.LANGUAGE_CODE
        if language not in LANGUAGE_CODES:
            problems.append(_("Line %(n)s: the language must be ko or en.") % {"n": number})
            continue
        name = parts[1] if len(parts) > 1 else ""
        entries.append({"email": email, "name": name[:200], "language": language})
    return entries, problems


def saved_lists(summit, search: str = "") -> QuerySet[SavedList]:
    rows = in_summit(SavedList, summit).annotate(n_entries=Count("entries"))
    if search:
        rows = rows.filter(name__icontains=search)
    return rows.order_by("name", "pk")


def saved_list(summit, list_id: int) -> SavedList:
    from django.http import Http404

    found = saved_lists(summit).filter(pk=list_id).first()
    if found is None:
        raise Http404(_("This summit has no such list."))
    return found


@transaction.atomic
def create_saved_list(*, actor, summit, name: str) -> SavedList:
    policy.require_staff(actor, summit)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Name the list.")]})
    if in_summit(SavedList, summit).filter(name__iexact=name).exists():
        raise ValidationError({"name": [_("This summit already has a list of this name.")]})
    return core.create(
        actor=actor, instance=SavedList(summit=summit, name=name[:200], created_by=actor)
    )


@transaction.atomic
def add_to_list(*, actor, saved_list: SavedList, text: str) -> int:
    """Add the pasted addresses (see :func:`parse_entries`); nothing is added if a line is
    bad. An address already on the list gets the new name and language. Returns how many."""
    policy.require_staff(actor, saved_list.summit)
    entries, problems = parse_entries(text)
    if problems:
        raise ValidationError({"addresses": problems})
    if not entries:
        raise ValidationError({"addresses": [_("Paste at least one address.")]})
    for entry in entries:
        found = saved_list.entries.filter(email__iexact=entry["email"]).first()
        if found is None:
            SavedListEntry.objects.create(saved_list=saved_list, **entry)
        else:
            found.name, found.language = entry["name"] or found.name, entry["language"]
            found.save(update_fields=["name", "language"])
    audit.record(actor=actor, obj=saved_list, action="changed", fields=["entries"])
    return len(entries)


@transaction.atomic
def remove_from_list(*, actor, entry: SavedListEntry) -> None:
    policy.require_staff(actor, entry.saved_list.summit)
    audit.record(actor=actor, obj=entry.saved_list, action="changed", fields=["entries"])
    entry.delete()


@transaction.atomic
def delete_saved_list(*, actor, saved_list: SavedList) -> None:
    policy.require_staff(actor, saved_list.summit)
    if saved_list.mailings.exists():
        raise ValidationError(
            _(
                "This list was used by a mailing: it stays, so that the mailing shows who it "
                "went to."
            )
        )
    core.delete(actor=actor, instance=saved_list)
