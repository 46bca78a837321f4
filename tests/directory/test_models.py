"""Directory invariants: held by the database, and explained by validation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from summitry.directory.models import Organisation, OrganisationKind, Person
from tests.factories import OrganisationFactory, PersonFactory


def refused_by_database(model, **fields) -> bool:
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"slug": "no-name", "kind": OrganisationKind.COMPANY},
        {"slug": "empty-names", "kind": OrganisationKind.COMPANY, "name_ko": "", "name_en": ""},
        {"slug": "countryless-city", "kind": OrganisationKind.CITY, "name_en": "Atlantis"},
        {"slug": "odd-kind", "kind": "planet", "name_en": "Mars"},
        {"slug": "odd-region", "kind": OrganisationKind.COMPANY, "name_en": "X", "region": "moon"},
    ],
)
def test_the_database_refuses_impossible_organisations(fields):
    assert refused_by_database(Organisation, **fields)


@pytest.mark.django_db
def test_slugs_are_unique():
    OrganisationFactory(slug="seoul")
    assert refused_by_database(Organisation, slug="seoul", kind="city", name_en="S", country="KR")


@pytest.mark.django_db
def test_an_organisation_cannot_be_its_own_ancestor():
    top = OrganisationFactory(kind=OrganisationKind.GOVERNMENT, country="")
    middle = OrganisationFactory(parent=top)
    top.parent = middle
    with pytest.raises(ValidationError) as caught:
        top.full_clean()
    assert caught.value.message_dict["parent"] == [
        "An organisation cannot be its own parent or ancestor."
    ]


@pytest.mark.django_db
def test_validation_explains_in_the_users_language():
    city = Organisation(slug="nowhere", kind=OrganisationKind.CITY, name_en="Nowhere")
    with pytest.raises(ValidationError) as caught:
        city.full_clean()
    # Messages are rendered lazily, in the language active when they are shown.
    with translation.override("en"):
        assert caught.value.message_dict["country"] == ["A city needs its country."]
    with translation.override("ko"):
        assert caught.value.message_dict["country"] == ["도시는 국가를 지정해야 합니다."]


@pytest.mark.django_db
def test_an_unknown_country_code_is_refused():
    with pytest.raises(ValidationError) as caught:
        Organisation(slug="x", kind="city", name_en="X", country="XX").full_clean()
    assert list(caught.value.message_dict) == ["country"]


@pytest.mark.django_db
def test_a_person_needs_a_name_in_some_script():
    assert refused_by_database(Person, slug="nobody")
    with pytest.raises(ValidationError):
        Person(slug="nobody").full_clean()
    Person(slug="korean-only", name_hangul="조혜정").full_clean()


@pytest.mark.django_db
def test_a_person_has_a_known_protocol_rank():
    assert refused_by_database(Person, slug="odd", given_name="A", protocol_rank=5)
    person = PersonFactory()
    assert str(person) == person.latin_name


@pytest.mark.django_db
def test_country_names_come_in_both_languages():
    org = OrganisationFactory(country="UA")
    assert org.country_i18n == {"ko": "우크라이나", "en": "Ukraine"}
