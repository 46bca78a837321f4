"""The bilingual mechanism: both versions stored, visible fallback, never an empty string."""

import pytest
from django.template import Context, Template
from django.utils import translation

from summitry.core.bilingual import Localised, localise, values
from summitry.directory.models import person_name
from tests.factories import OrganisationFactory, PersonFactory


@pytest.mark.django_db
def test_each_language_reads_its_own_version():
    org = OrganisationFactory(name_en="Wellington", name_ko="웰링턴")
    assert values(org, "name") == {"ko": "웰링턴", "en": "Wellington"}
    assert localise(org, "name", "ko") == Localised("웰링턴", "ko", "ko")
    assert localise(org, "name", "en") == Localised("Wellington", "en", "en")


@pytest.mark.django_db
def test_a_missing_translation_falls_back_to_the_other_language_and_says_so():
    org = OrganisationFactory(name_en="Odense", name_ko="")
    shown = localise(org, "name", "ko")
    assert (shown.text, shown.lang, shown.is_fallback) == ("Odense", "en", True)
    with translation.override("ko"):
        html = shown.__html__()
    assert html.startswith('<span lang="en" class="fallback">Odense<span class="fallback-tag"')
    assert ">EN</span></span>" in html


@pytest.mark.django_db
def test_whitespace_only_counts_as_missing():
    org = OrganisationFactory(name_en="Kyiv", name_ko="   ")
    assert localise(org, "name", "ko").text == "Kyiv"


@pytest.mark.django_db
def test_the_template_tag_follows_the_active_language_and_escapes():
    org = OrganisationFactory(name_en="A & B", name_ko="")
    template = Template('{% load bilingual %}{% tr org "name" %}')
    with translation.override("en"):
        assert template.render(Context({"org": org})) == "A &amp; B"
    with translation.override("ko"):
        rendered = template.render(Context({"org": org}))
    assert rendered.startswith('<span lang="en" class="fallback">A &amp; B')


@pytest.mark.django_db
def test_the_model_attribute_falls_back_too():
    org = OrganisationFactory(name_en="Dublin", name_ko="")
    with translation.override("ko"):
        assert org.name == "Dublin"


@pytest.mark.django_db
def test_person_names_use_korean_script_for_korean_readers():
    person = PersonFactory(given_name="Tory", family_name="Whanau", name_hangul="토리 화나우")
    assert person_name(person, "ko").text == "토리 화나우"
    assert person_name(person, "en").text == "Tory Whanau"
    only_korean = PersonFactory(given_name="", family_name="", name_hangul="조혜정")
    assert person_name(only_korean, "en") == Localised("조혜정", "ko", "en")


@pytest.mark.django_db
def test_family_name_first_orders_the_latin_name():
    person = PersonFactory(given_name="Wan-an", family_name="Chiang", family_name_first=True)
    assert person.latin_name == "Chiang Wan-an"
