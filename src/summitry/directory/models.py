"""Organisations (cities, international organisations, companies, ...) and people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from summitry.core.bilingual import LANGUAGE_CODES, at_least_one_language, localise

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens, for example “seoul-metropolitan”."),
)


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City")
    INTERNATIONAL = "international", _("International organisation")
    COMPANY = "company", _("Company")
    INSTITUTION = "institution", _("Institution")
    GOVERNMENT = "government", _("Government body")


class Region(models.TextChoices):
    """World regions as the United Nations geoscheme (M49) draws them."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    OCEANIA = "oceania", _("Oceania")


class Organisation(models.Model):
    slug = models.SlugField(
        _("short identifier"), max_length=80, unique=True, validators=[slug_validator]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("An acronym or short form, e.g. UNDP."),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Required for cities; ISO 3166-1.")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_ko"]
        constraints = [
            at_least_one_language("name", name="organisation_name_in_a_language", label=_("name")),
            models.CheckConstraint(
                condition=~Q(kind="city") | ~Q(country=""),
                name="city_has_country",
                violation_error_message=_("A city needs its country."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_known",
                violation_error_message=_("Choose a known kind of organisation."),
            ),
            models.CheckConstraint(
                condition=Q(region__in=["", *Region.values]),
                name="organisation_region_known",
                violation_error_message=_("Choose a known region."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent or ancestor."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))

    @property
    def country_i18n(self) -> dict[str, str]:
        """The country's name in each language, from django-countries' catalogues."""
        names = {}
        for lang in LANGUAGE_CODES:
            with translation.override(lang):
                names[lang] = str(self.country.name) if self.country else ""
        return names

    @property
    def region_or_none(self) -> str | None:
        return self.region or None

    def clean(self) -> None:
        if self.kind == OrganisationKind.CITY and not self.country:
            raise ValidationError({"country": _("A city needs its country.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("An organisation cannot be its own parent or ancestor.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class ProtocolRank(models.IntegerChoices):
    """Order of precedence among officials: a lower number goes first."""

    HEAD_OF_STATE_OR_GOVERNMENT = 10, _("Head of state or government")
    MINISTER = 20, _("Minister")
    MAYOR = 30, _("Mayor or governor")
    VICE_MAYOR = 40, _("Vice or deputy mayor")
    HEAD_OF_ORGANISATION = 50, _("Head of organisation")
    COUNCIL_MEMBER = 60, _("Council member")
    SENIOR_OFFICIAL = 70, _("Senior official")
    OFFICIAL = 80, _("Official")
    OTHER = 90, _("Other")


class Person(models.Model):
    """Someone in the directory. Names are kept in Latin and, where known, Korean script."""

    slug = models.SlugField(
        _("short identifier"), max_length=80, unique=True, validators=[slug_validator]
    )
    given_name = models.CharField(_("given name (Latin script)"), max_length=100, blank=True)
    family_name = models.CharField(_("family name (Latin script)"), max_length=100, blank=True)
    family_name_first = models.BooleanField(
        _("family name first"),
        default=False,
        help_text=_("Write the family name before the given name, as in Chiang Wan-an."),
    )
    name_hangul = models.CharField(_("name in Korean script"), max_length=100, blank=True)
    honorific = models.CharField(
        _("honorific"), max_length=60, blank=True, help_text=_("For example H.E., Dr, Hon.")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    protocol_rank = models.PositiveSmallIntegerField(
        _("protocol rank"), choices=ProtocolRank.choices, default=ProtocolRank.OTHER
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["protocol_rank", "family_name", "given_name", "name_hangul"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(family_name="") | ~Q(given_name="") | ~Q(name_hangul=""),
                name="person_has_a_name",
                violation_error_message=_(
                    "Give the person's name in Latin script, in Korean script, or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(protocol_rank__in=ProtocolRank.values),
                name="person_protocol_rank_known",
                violation_error_message=_("Choose a known protocol rank."),
            ),
        ]

    def __str__(self) -> str:
        # In the reader's script: Hangul for Korean readers, Latin for English ones.
        return person_name(self).text

    @property
    def latin_name(self) -> str:
        parts = (
            [self.family_name, self.given_name]
            if self.family_name_first
            else [self.given_name, self.family_name]
        )
        return " ".join(p for p in parts if p)


def person_name(person: Person, lang: str | None = None):
    """The person's name for a reader of ``lang``: Korean script for Korean readers, Latin
    script for English readers, the other one (marked as such) where the first is unknown."""
    from summitry.core.bilingual import Localised, current_language, other_language

    wanted = lang or current_language()
    by_lang = {"ko": person.name_hangul, "en": person.latin_name}
    for candidate in (wanted, other_language(wanted)):
        if by_lang[candidate]:
            return Localised(by_lang[candidate], candidate, wanted)
    return Localised("", wanted, wanted)
