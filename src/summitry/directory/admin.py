"""Back office for the directory."""

from django.contrib import admin
from django_countries.filters import CountryFilter

from summitry.core.admin import BilingualAdmin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(BilingualAdmin):
    list_display = ["__str__", "kind", "country", "region", "parent"]
    list_filter = ["kind", "region", ("country", CountryFilter)]
    search_fields = ["name_ko", "name_en", "short_name_en", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Person)
class PersonAdmin(BilingualAdmin):
    list_display = ["__str__", "name_hangul", "position", "organisation", "protocol_rank"]
    list_filter = ["protocol_rank", "organisation__kind"]
    search_fields = ["family_name", "given_name", "name_hangul", "slug"]
    autocomplete_fields = ["organisation"]
    fields = [
        "slug",
        ("given_name", "family_name", "family_name_first"),
        "name_hangul",
        "honorific",
        "position",
        "organisation",
        "protocol_rank",
    ]
