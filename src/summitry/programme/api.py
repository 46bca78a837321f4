"""REST endpoints of the programme: items (as visible to the caller), writes with clash
refusal, and the clash report."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view

from summitry.core import pagecache
from summitry.core import services as core
from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.schemas import Bilingual, Problem, SummitDateTime, bilingual, bilingual_input
from summitry.core.scoping import in_summit
from summitry.delegations import rules as delegation_rules
from summitry.delegations.models import Delegate
from summitry.directory import queries as directory_queries
from summitry.summits import queries as summit_queries

from . import queries, releases, rules, services
from .models import Audience, ItemRole, ItemType, ProgrammeItem, SignUp, TimeBlock

router = Router(tags=["programme"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class ItemPersonOut(Schema):
    person: str = Field(..., alias="person.slug")
    name: str = Field(..., alias="person.latin_name")
    name_hangul: str = Field(..., alias="person.name_hangul")
    role: ItemRole
    presentation_title: Bilingual = bilingual("presentation_title")


class ItemOut(Schema):
    id: int
    parent: int | None = Field(None, alias="parent_id")
    kind: ItemType
    block: TimeBlock
    title: Bilingual = bilingual("title")
    description: Bilingual = bilingual("description")
    theme: int | None = Field(None, alias="theme.number")
    room: int | None = Field(None, alias="room_id")
    place: Bilingual = bilingual("place")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    audience: Audience
    capacity: int | None
    people: list[ItemPersonOut]

    @staticmethod
    def resolve_people(item):
        return list(item.people.all())


class ChildOut(ItemOut):
    children: list[ItemOut]

    @staticmethod
    def resolve_children(item):
        return list(item.children.all())


class ItemWithChildrenOut(ItemOut):
    children: list[ChildOut]

    @staticmethod
    def resolve_children(item):
        return list(item.children.all())


class ItemPersonIn(Schema):
    person: str = Field(..., description="The person's slug.")
    role: ItemRole
    presentation_title: Bilingual = bilingual_input()


class ItemIn(Schema):
    kind: ItemType
    block: TimeBlock
    title: Bilingual
    description: Bilingual = bilingual_input()
    parent: int | None = None
    theme: int | None = Field(None, description="The theme's number.")
    room: int | None = None
    place: Bilingual = bilingual_input()
    starts_at: SummitDateTime
    ends_at: SummitDateTime
    audience: Audience = Audience.PUBLIC
    invitees: list[str] = Field([], description="Slugs of invited organisations.")
    capacity: int | None = None
    people: list[ItemPersonIn] = []


class ClashOut(Schema):
    kind: str
    item: int
    other: int
    subject: str
    message: str


@router.get(
    "/summits/{slug}/programme",
    response={200: list[ItemWithChildrenOut], 404: Problem},
    auth=OptionalTokenAuth(),
)
@decorate_view(pagecache.public_page)
def list_programme_items(
    request: HttpRequest, slug: str, theme: int | None = None, type: ItemType | None = None
):  # noqa: A002 - the public filter's name
    """The programme as the caller may see it: invite-only items only for those invited."""
    summit = summit_queries.in_its_zone(request, slug)
    theme_pk = None
    if theme is not None:
        match = summit_queries.themes(summit).filter(number=theme).first()
        theme_pk = match.pk if match else -1
    return queries.programme(summit, request.user, theme=theme_pk, kind=type)


@router.get(
    "/summits/{slug}/programme/clashes", response={200: list[ClashOut], **ERRORS}, auth=TokenAuth()
)
def list_programme_clashes(request: HttpRequest, slug: str):
    """Every clash of the summit: rooms booked twice, people in two places, invitees busy."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return services.clash_report(summit)


class ReleaseIn(Schema):
    note: str = Field("", max_length=300, description="What changed, for the change log.")


class ReleaseOut(Schema):
    number: int
    published_at: datetime.datetime
    note: str
    changes: int = Field(..., description="Items added, changed or removed since the last one.")

    @staticmethod
    def resolve_changes(release) -> int:
        return len(release.changes)


# Before /programme/{item_id}, which would take "releases" for an item id.
@router.post(
    "/summits/{slug}/programme/releases", response={201: ReleaseOut, **ERRORS}, auth=TokenAuth()
)
def publish_programme(request: HttpRequest, slug: str, payload: ReleaseIn):
    """Publish the programme as it stands, as the next numbered version; after the first,
    everyone whose itinerary changed is told by e-mail."""
    summit = summit_queries.in_its_zone(request, slug)
    return Status(201, releases.publish(actor=request.user, summit=summit, note=payload.note))


@router.get(
    "/summits/{slug}/programme/{item_id}",
    response={200: ItemWithChildrenOut, 404: Problem},
    auth=OptionalTokenAuth(),
)
@decorate_view(pagecache.public_page)
def get_programme_item(request: HttpRequest, slug: str, item_id: int):
    return queries.item(summit_queries.in_its_zone(request, slug), request.user, item_id)


@router.post(
    "/summits/{slug}/programme", response={201: ItemWithChildrenOut, **ERRORS}, auth=TokenAuth()
)
def create_programme_item(request: HttpRequest, slug: str, payload: ItemIn, force: bool = False):
    """Add an item. Clashes are refused with 400 unless `force=true`."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    data = payload.dict()
    people = [
        {
            "person": directory_queries.person(p["person"]),
            "role": p["role"],
            "presentation_title": p["presentation_title"],
        }
        for p in data.pop("people")
    ]
    invitees = [directory_queries.organisation(s) for s in data.pop("invitees")]
    theme = data.pop("theme")
    parent, room = data.pop("parent"), data.pop("room")
    item = ProgrammeItem(summit=summit, **core.flatten_bilingual(data))
    if theme is not None:
        item.theme = summit_queries.themes(summit).filter(number=theme).first()
        if item.theme is None:
            raise ValidationError(
                {"theme": [_("This summit has no theme number %(number)s.") % {"number": theme}]}
            )
    if parent is not None:
        item.parent = queries.item(summit, request.user, parent)
    if room is not None:
        item.room = summit_queries.room(summit, room)
    services.save_item(actor=request.user, item=item, people=people, invitees=invitees, force=force)
    return Status(201, queries.item(summit, request.user, item.pk))


class SignUpIn(Schema):
    delegate: int = Field(..., description="The delegate's id (yourself or your member).")


class SignUpOut(Schema):
    id: int
    item: int = Field(..., alias="item_id")
    delegate: int = Field(..., alias="delegate_id")
    status: str
    signed_up_at: datetime.datetime


def _delegate(request, summit, delegate_id: int):
    found = (
        in_summit(Delegate, summit)
        .select_related("delegation", "person")
        .filter(pk=delegate_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.post(
    "/summits/{slug}/programme/{item_id}/signups",
    response={201: SignUpOut, **ERRORS},
    auth=TokenAuth(),
)
def sign_up(request: HttpRequest, slug: str, item_id: int, payload: SignUpIn):
    """Sign up yourself or a member of your delegation: a place, or the waiting list."""
    summit = summit_queries.in_its_zone(request, slug)
    item = queries.item(summit, request.user, item_id)
    entry = services.sign_up(
        actor=request.user, item=item, delegate=_delegate(request, summit, payload.delegate)
    )
    return Status(201, entry)


@router.post(
    "/summits/{slug}/programme/signups/{signup_id}/cancel",
    response={200: SignUpOut, **ERRORS},
    auth=TokenAuth(),
)
def cancel_sign_up(request: HttpRequest, slug: str, signup_id: int):
    """Cancel a sign-up; the first on the waiting list takes the place and is told."""
    entry = (
        in_summit(SignUp, summit_queries.in_its_zone(request, slug)).filter(pk=signup_id).first()
    )
    if entry is None:
        raise Http404
    return services.cancel_sign_up(actor=request.user, signup=entry)


@router.get(
    "/summits/{slug}/itinerary/{delegate_id}",
    response={200: list[ItemOut], **ERRORS},
    auth=TokenAuth(),
)
def get_itinerary(request: HttpRequest, slug: str, delegate_id: int):
    """A delegate's itinerary, for the delegate, their delegation's contact, or staff."""
    summit = summit_queries.in_its_zone(request, slug)
    delegate = _delegate(request, summit, delegate_id)
    user = request.user
    if not (
        delegation_rules.is_member_self(user, delegate)
        or delegation_rules.is_contact(user, delegate.delegation)
        or delegation_rules.is_staff_for(user, summit)
    ):
        raise Http404
    return queries.itinerary(summit, delegate)


@router.get(
    "/summits/{slug}/schedule.json",
    response={200: dict, 404: Problem},
    auth=OptionalTokenAuth(),
)
@decorate_view(pagecache.public_page)
def get_schedule_json(request: HttpRequest, slug: str, lang: str = "en"):
    """The programme as a c3voc/frab schedule.json (validates against the published schema),
    as visible to the caller; `lang` is en or ko."""
    from django.conf import settings

    from . import schedule_export

    summit = summit_queries.in_its_zone(request, slug)
    return schedule_export.schedule_json(
        summit,
        queries.programme(summit, request.user),
        base_url=settings.SUMMITRY_SITE_URL + "/",
        lang="ko" if lang == "ko" else "en",
    )
