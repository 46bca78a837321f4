"""What each capability adds to the pages it shares with the others.

A capability registers, from its ``AppConfig.ready()``, the permissions its staff need, its
section of the summit's console (and its panel on the console's dashboard), its block on the
summit's home page and on a person's own page, its API router and its URLs. The composition
root (``summitry.urls``, ``summitry.api``), the console and the pages that show blocks read
this registry; the core, the summits and the directory never import a capability. Adding one
touches its own folder and the list of installed apps, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A context function gets the request (and the summit, where there is one) and returns the
# template's context, or None when the block has nothing to show to this reader.
Context = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Permission:
    """Something a summit's team may be allowed to do (see summits.permissions)."""

    code: str
    label: Any
    description: Any = ""
    order: int = 100


@dataclass(frozen=True)
class ConsoleLink:
    """A staff page in the console's sidebar, shown to those with ``permission`` at the
    summit (None: every team member). ``url_name`` takes the summit's slug."""

    label: Any
    url_name: str
    permission: str | None = None
    # Further URL names (or prefixes of paths below the link's own) that light the link up.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConsoleSection:
    key: str
    label: Any
    links: tuple[ConsoleLink, ...]
    order: int = 100


@dataclass(frozen=True)
class Block:
    """A block a capability adds to a shared page: its template, rendered with what
    ``context`` returns (nothing when it returns None). On the console's dashboard a block
    is shown to those with ``permission`` at the summit."""

    key: str
    template: str
    context: Context
    order: int = 100
    permission: str | None = None
    # Where on the page: the summit's home page has "actions" (buttons under the title) and
    # "sections" (below the summit's own facts).
    slot: str = "sections"


@dataclass(frozen=True)
class EventType:
    """Something that happens at a summit that other systems may hear (webhooks), announced
    with ``core.events.emit(summit, code, obj)``. ``build(obj, codes)`` says what a listener
    whose owner holds the permission ``codes`` at the summit may be told about ``obj``."""

    code: str
    label: Any
    build: Callable[[Any, frozenset[str]], dict[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class Metric:
    """A figure for ``/metrics`` (Prometheus): ``kind`` "gauge" (a level now) or "counter"
    (only grows; Prometheus' ``rate()`` turns it into a rate), with one value per set of
    ``labels`` values in ``samples``. Capabilities return them from a provider (see
    ``add_metric_provider``), read at each scrape: keep providers to a few indexed queries."""

    name: str
    documentation: str
    kind: str = "gauge"
    labels: tuple[str, ...] = ()
    samples: tuple[tuple[tuple[str, ...], float], ...] = ()


@dataclass
class _Registry:
    permissions: dict[str, Permission] = field(default_factory=dict)
    console: dict[str, ConsoleSection] = field(default_factory=dict)
    dashboard: dict[str, Block] = field(default_factory=dict)
    summit_home: dict[str, Block] = field(default_factory=dict)
    my_page: dict[str, Block] = field(default_factory=dict)
    api_routers: list[tuple[int, str, Any]] = field(default_factory=list)
    api_tags: dict[str, Any] = field(default_factory=dict)
    url_modules: list[tuple[int, str]] = field(default_factory=list)
    event_subscribers: list[Callable[..., None]] = field(default_factory=list)
    event_types: dict[str, EventType] = field(default_factory=dict)
    metric_providers: list[Callable[[], Any]] = field(default_factory=list)
    item_links: list[Callable[[Any, Any], tuple[str, Any] | None]] = field(default_factory=list)
    item_times: list[Callable[[Any, int, list], dict[int, str]]] = field(default_factory=list)


_registry = _Registry()


def _keep(table: dict, key: str, value) -> None:
    """Registering the same thing twice (a second ``ready()``) changes nothing; two different
    things under one key is a programming error."""
    if key in table and table[key] != value:
        raise ValueError(f"{key!r} is registered twice with different values")
    table[key] = value


def add_permission(code: str, label, description="", order: int = 100) -> None:
    _keep(_registry.permissions, code, Permission(code, label, description, order))


def add_console_section(section: ConsoleSection) -> None:
    _keep(_registry.console, section.key, section)


def add_dashboard_panel(block: Block) -> None:
    _keep(_registry.dashboard, block.key, block)


def add_summit_home_block(block: Block) -> None:
    _keep(_registry.summit_home, block.key, block)


def add_my_page_block(block: Block) -> None:
    _keep(_registry.my_page, block.key, block)


def add_api_router(router, *, order: int = 100, description="") -> None:
    """An app's django-ninja router, mounted at /api/v1/ in ``order``; its tag (one per
    capability) is described with ``description`` in the OpenAPI document."""
    if all(existing is not router for _o, _n, existing in _registry.api_routers):
        _registry.api_routers.append((order, getattr(router, "__module__", ""), router))
    for tag in router.tags or ():
        _registry.api_tags.setdefault(tag, (order, description))


def add_urls(module: str, *, order: int = 100) -> None:
    """An app's URL module (dotted path), included at the site's root in ``order``; the
    summits' catch-all ``<slug>/`` pages come last."""
    if all(existing != module for _o, existing in _registry.url_modules):
        _registry.url_modules.append((order, module))


def add_event_subscriber(subscriber: Callable[..., None]) -> None:
    """``subscriber(summit=, name=, obj=)`` hears every event ``core.events.emit`` announces
    (webhooks); the same function twice is kept once."""
    if subscriber not in _registry.event_subscribers:
        _registry.event_subscribers.append(subscriber)


def event_subscribers() -> list[Callable[..., None]]:
    return list(_registry.event_subscribers)


def add_event_type(event: EventType) -> None:
    _keep(_registry.event_types, event.code, event)


def event_types() -> list[EventType]:
    return sorted(_registry.event_types.values(), key=lambda e: (e.order, e.code))


def event_type(code: str) -> EventType | None:
    return _registry.event_types.get(code)


def permissions() -> list[Permission]:
    return sorted(_registry.permissions.values(), key=lambda p: (p.order, p.code))


def permission_codes() -> set[str]:
    return set(_registry.permissions)


def console_sections() -> list[ConsoleSection]:
    return sorted(_registry.console.values(), key=lambda s: (s.order, s.key))


def dashboard_panels() -> list[Block]:
    return sorted(_registry.dashboard.values(), key=lambda b: (b.order, b.key))


def summit_home_blocks() -> list[Block]:
    return sorted(_registry.summit_home.values(), key=lambda b: (b.order, b.key))


def my_page_blocks() -> list[Block]:
    return sorted(_registry.my_page.values(), key=lambda b: (b.order, b.key))


def api_routers() -> list:
    return [router for _order, _name, router in sorted(_registry.api_routers, key=lambda r: r[:2])]


def api_tags() -> list[dict]:
    """The API's tags in the routers' order, for the OpenAPI document."""
    ordered = sorted(_registry.api_tags.items(), key=lambda item: (item[1][0], item[0]))
    return [{"name": name, "description": str(text)} for name, (_order, text) in ordered]


def url_modules() -> list[str]:
    return [module for _order, module in sorted(_registry.url_modules)]


def add_metric_provider(provider: Callable[[], Any]) -> None:
    """``provider()`` returns the ``Metric`` figures of a capability for ``/metrics``
    (core.operations); the same function twice is kept once."""
    if provider not in _registry.metric_providers:
        _registry.metric_providers.append(provider)


def metric_providers() -> list[Callable[[], Any]]:
    return list(_registry.metric_providers)


# --- links on a programme item's page ----------------------------------------------------------


def add_item_link(provider: Callable[[Any, Any], tuple[str, Any] | None]) -> None:
    """``provider(request, item)`` returns ``(url, label)`` for a link a capability adds to a
    programme item's public page (e.g. its online page), or None. The page is cached for
    anonymous visitors (core.pagecache): the link may depend on the item and its summit's
    data, never on the visitor. The same function twice is kept once."""
    if provider not in _registry.item_links:
        _registry.item_links.append(provider)


def item_links(request, item) -> list[tuple[str, Any]]:
    """The links the capabilities add to ``item``'s page, in the order they registered."""
    links = []
    for provider in _registry.item_links:
        link = provider(request, item)
        if link is not None:
            links.append(link)
    return links


# --- automatic e-mails ------------------------------------------------------------------------


@dataclass(frozen=True)
class MailPlaceholder:
    """A value an edited automatic e-mail may use as ``{{ name }}``: ``expression`` is what the
    default template writes for it (a Django variable with its filters, e.g.
    ``invitation.contact_name`` or ``summit|localised:"name"``), rendered as text in the
    mail's language before the edited template sees it."""

    name: str
    expression: str
    help: Any = ""
    sample_ko: str = ""
    sample_en: str = ""
    # A list an edited e-mail may loop over ({% for x in name %}…{{ x.field }}…{% endfor %}):
    # ``expression`` gives the items, and each field's expression is read with the item as
    # ``item`` (``item|localised:"title"``), giving plain values only.
    fields: tuple[MailPlaceholder, ...] = ()


@dataclass(frozen=True)
class MailTemplate:
    """What the console says about an automatic e-mail (``template`` as core.mail.send takes
    it, e.g. ``"delegations/email/invitation"``). E-mails are found by their files
    (``*_subject.txt`` and ``*_body.txt`` in an app's templates); this adds a title, a
    description and the documented placeholders. A capability declares its e-mails in its
    ``mails.py``, which core.mailtemplates reads."""

    template: str
    title: Any
    description: Any = ""
    placeholders: tuple[MailPlaceholder, ...] = ()
    order: int = 100
    # False for an e-mail sent outside any summit (a password reset): no summit may word it.
    per_summit: bool = True


_mail_templates: dict[str, MailTemplate] = {}


def add_mail_template(mail: MailTemplate) -> None:
    _keep(_mail_templates, mail.template, mail)


def mail_templates() -> dict[str, MailTemplate]:
    return dict(_mail_templates)


# --- a person's own time beside the summit's, on their itinerary and feed ------------------


def add_item_times(provider: Callable[[Any, int, list], dict[int, str]]) -> None:
    """``provider(summit, person_id, items)`` returns, for those of ``items`` it concerns, the
    time to show a person who is elsewhere (an online item to a remote speaker: "10:00 Seoul /
    04:00 Moscow"), by item id; a programme page or feed shows it beside the summit's time."""
    if provider not in _registry.item_times:
        _registry.item_times.append(provider)


def item_times(summit, person_id: int, items) -> dict[int, str]:
    found: dict[int, str] = {}
    for provider in _registry.item_times:
        for item_id, text in provider(summit, person_id, list(items)).items():
            found.setdefault(item_id, text)
    return found
