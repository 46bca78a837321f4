"""Summit scoping: one summit's rows never reach another summit's pages or queries."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

import summitry
from summitry.core.scoping import in_summit, scoped_models
from summitry.directory.models import Organisation
from summitry.summits.models import Room, SessionTheme, Summit, SummitOrganisation, Venue
from tests.factories import (
    OrganisationFactory,
    RoomFactory,
    SessionThemeFactory,
    SummitFactory,
    SummitOrganisationFactory,
    VenueFactory,
)

PACKAGE = Path(summitry.__file__).parent


@pytest.fixture
def two_summits(db):
    built = {}
    for key in ("a", "b"):
        summit = SummitFactory(slug=f"summit-{key}", name_en=f"Summit {key.upper()}")
        venue = VenueFactory(summit=summit, name_en=f"Venue of {key}", name_ko=f"행사장 {key}")
        RoomFactory(venue=venue, name_en=f"Room of {key}", name_ko=f"회의실 {key}")
        SessionThemeFactory(
            summit=summit, number=1, title_en=f"Theme of {key}", title_ko=f"주제 {key}"
        )
        SummitOrganisationFactory(
            summit=summit,
            organisation=OrganisationFactory(
                slug=f"city-of-{key}", name_en=f"City of {key}", name_ko=f"도시 {key}"
            ),
        )
        built[key] = summit
    return built


def test_in_summit_returns_only_that_summits_rows(two_summits):
    a = two_summits["a"]
    for model in (Venue, Room, SessionTheme, SummitOrganisation):
        rows = list(in_summit(model, a))
        assert len(rows) == 1, model
        assert all(
            model._default_manager.filter(pk=row.pk, **{model.summit_lookup: a}).exists()
            for row in rows
        )
    assert [v.name_en for v in in_summit(Venue.objects.order_by("pk"), a)] == ["Venue of a"]


def test_an_unscoped_model_cannot_be_read_through_the_helper(db):
    with pytest.raises(ImproperlyConfigured):
        in_summit(Organisation, SummitFactory())


def _points_to_summit(model: type[models.Model], seen: frozenset = frozenset()) -> bool:
    for field in model._meta.get_fields():
        if (
            (field.many_to_one or field.one_to_one)
            and field.concrete
            and field.related_model not in seen
        ):
            target = field.related_model
            if target is Summit or _points_to_summit(target, seen | {model}):
                return True
    return False


def test_every_model_that_belongs_to_a_summit_declares_how():
    ours = [m for m in apps.get_models() if m.__module__.startswith("summitry.")]
    belonging = {m for m in ours if m is not Summit and _points_to_summit(m)}
    assert belonging == set(scoped_models())


def test_views_and_api_modules_read_only_through_queries_and_services():
    offenders = []
    for module in [*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/api.py")]:
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
                offenders.append(f"{module.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_a_summit_page_never_shows_another_summits_rows(two_summits, client):
    for lang in ("en", "ko"):
        client.cookies["django_language"] = lang
        page = client.get("/summit-a/").content.decode()
        for text in ("Venue of a", "Room of a", "Theme of a", "City of a"):
            if lang == "ko":
                text = {
                    "Venue of a": "행사장 a",
                    "Room of a": "회의실 a",
                    "Theme of a": "주제 a",
                    "City of a": "도시 a",
                }[text]
            assert text in page
        for text in (
            "Venue of b",
            "Room of b",
            "Theme of b",
            "City of b",
            "행사장 b",
            "회의실 b",
            "주제 b",
            "도시 b",
        ):
            assert text not in page
