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

from summitry.core import services as core
from summitry.core import spreadsheets, text
from summitry.core.bilingual import values
from summitry.core.capacity import Place as PlaceStatus
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
    "dietary_notes",
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


def _local(moment, zone=None) -> str:
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _members(summit: Summit, delegation_ids=None, member_ids=None):
    members = in_summit(Delegate, summit)
    if delegation_ids is not None:
        members = members.filter(delegation_id__in=delegation_ids)
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    return members


def iter_people_rows(summit: Summit, delegation_ids=None, member_ids=None):
    """One row per delegate (of the chosen delegations, the chosen members, or all), times in
    the summit's zone; read in chunks, so a large summit is never all in memory."""
    members = (
        _members(summit, delegation_ids, member_ids)
        .select_related("person", "delegation__organisation")
        .order_by("delegation__organisation__name_en", "role", "pk")
    )
    zone = summit.zone
    for m in members.iterator(chunk_size=2000):
        org, person = m.delegation.organisation, m.person
        position = values(person, "position")
        yield [
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
            _local(m.arrival_at, zone),
            m.arrival_flight,
            _local(m.departure_at, zone),
            m.departure_flight,
            m.hotel,
            m.interpretation_language,
            m.get_dietary_needs_display(),
            m.dietary_notes,
            m.access_needs,
        ]


def people_rows(summit: Summit, delegation_ids=None, member_ids=None) -> list[list[str]]:
    return list(iter_people_rows(summit, delegation_ids, member_ids))


def delegation_rows(summit: Summit, delegation_ids=None) -> list[list[str]]:
    from django.db.models import Count, Q

    delegations = (
        in_summit(Delegation, summit)
        .select_related("organisation", "contact")
        .annotate(
            members_with_place=Count("members", filter=Q(members__place=PlaceStatus.REGISTERED))
        )
        .order_by("organisation__name_en")
    )
    if delegation_ids is not None:
        delegations = delegations.filter(pk__in=delegation_ids)
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


def people_csv(summit: Summit, member_ids=None) -> bytes:
    return spreadsheets.csv_bytes(PEOPLE_COLUMNS, people_rows(summit, member_ids=member_ids))


def workbook(summit: Summit, delegation_ids=None) -> bytes:
    """The delegations and their people (the chosen delegations, or all) as XLSX."""
    return spreadsheets.xlsx_bytes(
        [
            ("delegations", DELEGATION_COLUMNS, delegation_rows(summit, delegation_ids)),
            ("people", PEOPLE_COLUMNS, people_rows(summit, delegation_ids)),
        ]
    )


# --- exports of any size (core.exports: large ones are written in the background) -----------


def _ids(raw: dict, key: str, limit: int = 10000) -> list[int] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise ValidationError({key: _("Give a list of numbers.")})
    if len(value) > limit:
        raise ValidationError({key: _("At most %(n)s at once.") % {"n": limit}})
    return sorted(set(value))


def _workbook_params(user, summit, raw: dict) -> dict:
    ids = _ids(raw, "delegations")
    return {} if ids is None else {"delegations": ids}


def _people_params(user, summit, raw: dict) -> dict:
    ids = _ids(raw, "members")
    return {} if ids is None else {"members": ids}


def _workbook_count(user, summit, params: dict) -> int:
    ids = params.get("delegations")
    delegations = in_summit(Delegation, summit)
    if ids is not None:
        delegations = delegations.filter(pk__in=ids)
    return delegations.count() + _members(summit, delegation_ids=ids).count()


def _workbook_sheets(user, summit, params: dict) -> list:
    ids = params.get("delegations")
    return [
        ("delegations", DELEGATION_COLUMNS, delegation_rows(summit, ids)),
        ("people", PEOPLE_COLUMNS, iter_people_rows(summit, ids)),
    ]


def _people_count(user, summit, params: dict) -> int:
    return _members(summit, member_ids=params.get("members")).count()


def _people_sheets(user, summit, params: dict) -> list:
    return [("people", PEOPLE_COLUMNS, iter_people_rows(summit, member_ids=params.get("members")))]


WORKBOOK_EXPORT = "delegations.workbook"
PEOPLE_EXPORT = "delegations.people"


def register_exports() -> None:
    from django.utils.translation import gettext_lazy

    from summitry.core import exports

    exports.register(
        exports.Exporter(
            name=WORKBOOK_EXPORT,
            label=gettext_lazy("Delegations and their people"),
            fmt="xlsx",
            allowed=rules.is_staff_for,
            count=_workbook_count,
            sheets=_workbook_sheets,
            filename=lambda summit, params: (
                f"{summit.slug}-{'selection' if 'delegations' in params else 'delegations'}.xlsx"
            ),
            params=_workbook_params,
        )
    )
    exports.register(
        exports.Exporter(
            name=PEOPLE_EXPORT,
            label=gettext_lazy("Delegates (people)"),
            fmt="csv",
            allowed=rules.is_staff_for,
            count=_people_count,
            sheets=_people_sheets,
            filename=lambda summit, params: (
                f"{summit.slug}-{'members' if 'members' in params else 'delegations'}.csv"
            ),
            params=_people_params,
        )
    )


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
    """The header and the rows; a file that is not CSV raises a Problem for its first bad
    line (a NUL byte, a field over the csv module's limit of 131,072 characters)."""
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from error
    reader = csv.DictReader(io.StringIO(decoded))
    rows = []
    try:
        for row in reader:
            rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
        header = [c.strip() for c in (reader.fieldnames or [])]
    except csv.Error as error:
        line = reader.reader.line_num
        if "larger than field limit" in str(error):
            message = _("A value in this row is longer than %(limit)s characters.") % {
                "limit": f"{csv.field_size_limit():,}"
            }
        else:
            message = _("This row is not valid CSV.")
        raise BadRow(Problem(line, "", message)) from error
    return header, rows


class BadRow(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _shape(data: bytes, invite: bool) -> tuple[list[Problem], list[dict[str, str]]]:
    """The problems of the file as a whole (encoding, CSV, header, no rows), and its rows."""
    try:
        header, rows = _read(data)
    except ValidationError as error:
        return [Problem(1, "", " ".join(error.messages))], []
    except BadRow as error:
        return [error.problem], []
    missing = sorted(REQUIRED_IMPORT_COLUMNS - set(header))
    if invite:
        missing += sorted({"contact_name", "contact_email", "language"} - set(header))
    if missing:
        return [Problem(1, column, _("This column is missing.")) for column in missing], []
    if not rows:
        return [Problem(2, "", _("The file has no rows."))], []
    return [], rows


def check_file(data: bytes, invite: bool) -> list[Problem]:
    """The file's shape only (quick enough for a request): encoding, CSV, header, rows."""
    return _shape(data, invite)[0]


def _no_report(**values) -> None:
    return None


def import_contacts(
    *, actor, summit: Summit, data: bytes, invite: bool, report=_no_report
) -> ImportResult:
    """Create or update the organisations of a CSV and, if asked, invite their contacts.

    Columns: slug, kind, name_en, name_ko, country, region, contact_name, contact_email,
    language. Rows are numbered as a spreadsheet shows them (the header is row 1).
    ``report(stage=…, done=…, total=…)`` is told how far it is (core.runs)."""
    rules.require_staff(actor, summit)
    result = ImportResult()
    problems, rows = _shape(data, invite)
    if problems:
        result.problems.extend(problems)
        return result
    total = len(rows)
    report(stage="checking", done=0, total=total)

    invited = set(in_summit(Invitation, summit).values_list("organisation__slug", flat=True))
    planned: list[tuple[Organisation, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        report(stage="checking", done=number - 2, total=total)
        unstorable = _unstorable(number, row)
        if unstorable:
            # Said alone: the row's values cannot even be looked up (PostgreSQL refuses NUL).
            result.problems.extend(unstorable)
            continue
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
    report(stage="checking", done=total, total=total)
    if result.problems:
        return result

    with transaction.atomic():
        for done, (organisation, row) in enumerate(planned, start=1):
            report(stage="importing", done=done, total=total)
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


def _unstorable(number: int, row: dict[str, str]) -> list[Problem]:
    """Control characters (``core.text``): every column is one line of text."""
    return [
        Problem(number, column, message)
        for column, value in row.items()
        if (message := text.problem(value, multiline=False))
    ]


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
