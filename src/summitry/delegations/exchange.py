"""Export of delegations and people (CSV, XLSX) and import of organisations and contacts (CSV).

An import is checked whole before anything is written: one bad row, and nothing is imported;
the report names each problem by row, column and message in the reader's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from summitry.core import services as core
from summitry.core.bilingual import values
from summitry.core.errors import messages_of
from summitry.core.scoping import in_summit
from summitry.directory.models import Organisation
from summitry.summits.models import Summit

from . import rules, services
from .models import Delegate, Delegation, Invitation

PEOPLE_COLUMNS = [
    "organisation",
    "organisation_ko",
    "kind",
    "country",
    "delegation_status",
    "sample",
    "role",
    "given_name",
    "family_name",
    "name_hangul",
    "position_en",
    "position_ko",
    "protocol_rank",
    "place",
    "email",
    "phone",
    "arrival",
    "arrival_flight",
    "departure",
    "departure_flight",
    "hotel",
    "interpretation_language",
    "dietary_needs",
    "access_needs",
]
DELEGATION_COLUMNS = [
    "organisation",
    "organisation_ko",
    "kind",
    "country",
    "status",
    "registered_at",
    "contact_email",
    "members",
    "sample",
]
IMPORT_COLUMNS = [
    "slug",
    "kind",
    "name_en",
    "name_ko",
    "country",
    "region",
    "contact_name",
    "contact_email",
    "language",
]
REQUIRED_IMPORT_COLUMNS = {"slug", "kind", "name_en", "name_ko"}


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def people_rows(summit: Summit) -> list[list[str]]:
    """One row per delegate, times in the summit's zone."""
    members = (
        in_summit(Delegate, summit)
        .select_related("person", "delegation__organisation")
        .order_by("delegation__organisation__name_en", "role", "pk")
    )
    rows = []
    with timezone.override(summit.zone):
        for m in members:
            org, person = m.delegation.organisation, m.person
            position = values(person, "position")
            rows.append(
                [
                    org.name_en or "",
                    org.name_ko or "",
                    org.kind,
                    org.country.code,
                    m.delegation.status,
                    "yes" if m.delegation.is_sample else "",
                    m.role,
                    person.given_name,
                    person.family_name,
                    person.name_hangul,
                    position["en"],
                    position["ko"],
                    person.get_protocol_rank_display(),
                    m.place,
                    m.email,
                    m.phone,
                    _local(m.arrival_at),
                    m.arrival_flight,
                    _local(m.departure_at),
                    m.departure_flight,
                    m.hotel,
                    m.interpretation_language,
                    m.dietary_needs,
                    m.access_needs,
                ]
            )
    return rows


def delegation_rows(summit: Summit) -> list[list[str]]:
    from django.db.models import Count, Q

    delegations = (
        in_summit(Delegation, summit)
        .select_related("organisation", "contact")
        .annotate(members_with_place=Count("members", filter=Q(members__place="registered")))
        .order_by("organisation__name_en")
    )
    with timezone.override(summit.zone):
        return [
            [
                d.organisation.name_en or "",
                d.organisation.name_ko or "",
                d.organisation.kind,
                d.organisation.country.code,
                d.status,
                _local(d.registered_at),
                d.contact.email if d.contact else "",
                str(d.members_with_place),
                "yes" if d.is_sample else "",
            ]
            for d in delegations
        ]


def people_csv(summit: Summit) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(PEOPLE_COLUMNS)
    writer.writerows(people_rows(summit))
    # The byte-order mark makes spreadsheet programs read Korean as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def workbook(summit: Summit) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "delegations"
    sheet.append(DELEGATION_COLUMNS)
    for row in delegation_rows(summit):
        sheet.append(row)
    people = book.create_sheet("people")
    people.append(PEOPLE_COLUMNS)
    for row in people_rows(summit):
        people.append(row)
    for ws in (sheet, people):
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    organisations_created: int = 0
    organisations_updated: int = 0
    invitations_sent: int = 0


def _read(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from error
    reader = csv.DictReader(io.StringIO(text))
    rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    return [c.strip() for c in (reader.fieldnames or [])], rows


def import_contacts(*, actor, summit: Summit, data: bytes, invite: bool) -> ImportResult:
    """Create or update the organisations of a CSV and, if asked, invite their contacts.

    Columns: slug, kind, name_en, name_ko, country, region, contact_name, contact_email,
    language. Rows are numbered as a spreadsheet shows them (the header is row 1)."""
    rules.require_staff(actor, summit)
    result = ImportResult()
    try:
        header, rows = _read(data)
    except ValidationError as error:
        result.problems.append(Problem(1, "", " ".join(error.messages)))
        return result
    missing = sorted(REQUIRED_IMPORT_COLUMNS - set(header))
    if invite:
        missing += sorted({"contact_name", "contact_email", "language"} - set(header))
    for column in missing:
        result.problems.append(Problem(1, column, _("This column is missing.")))
    if missing:
        return result
    if not rows:
        result.problems.append(Problem(2, "", _("The file has no rows.")))
        return result

    invited = set(in_summit(Invitation, summit).values_list("organisation__slug", flat=True))
    planned: list[tuple[Organisation, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        problems = _check_row(number, row, seen, invited if invite else set(), invite)
        organisation = Organisation.objects.filter(slug=row.get("slug", "")).first()
        organisation = organisation or Organisation(slug=row.get("slug", ""))
        for name in ("kind", "name_en", "name_ko", "country", "region"):
            setattr(
                organisation,
                name,
                row.get(name, "").upper() if name == "country" else row.get(name, ""),
            )
        try:
            core.validate(organisation)
        except ValidationError as error:
            for column, texts in messages_of(error).items():
                problems.extend(Problem(number, column, text) for text in texts)
        result.problems.extend(problems)
        planned.append((organisation, row))
    if result.problems:
        return result

    with transaction.atomic():
        for organisation, row in planned:
            is_new = organisation.pk is None
            organisation.save()
            if is_new:
                result.organisations_created += 1
            else:
                result.organisations_updated += 1
            if invite:
                services.invite(
                    actor=actor,
                    summit=summit,
                    organisation=organisation,
                    contact_name=row["contact_name"],
                    contact_email=row["contact_email"],
                    language=row["language"],
                )
                result.invitations_sent += 1
    return result


def _check_row(
    number: int, row: dict[str, str], seen: dict[str, int], invited: set[str], invite: bool
) -> list[Problem]:
    problems = []
    slug = row.get("slug", "")
    if slug in seen:
        problems.append(
            Problem(
                number,
                "slug",
                _("“%(slug)s” is already in row %(row)s.") % {"slug": slug, "row": seen[slug]},
            )
        )
    seen.setdefault(slug, number)
    if not invite:
        return problems
    if slug in invited:
        problems.append(
            Problem(number, "slug", _("This organisation is already invited to this summit."))
        )
    if not row.get("contact_name"):
        problems.append(Problem(number, "contact_name", _("This field is required.")))
    try:
        validate_email(row.get("contact_email", ""))
    except ValidationError:
        problems.append(Problem(number, "contact_email", _("Enter a valid e-mail address.")))
    if row.get("language") not in ("ko", "en"):
        problems.append(Problem(number, "language", _("Write ko or en.")))
    return problems
