"""The staff's list of delegations: search, filters, sorting, pages and bulk actions; and
inviting an organisation that is not in the directory yet."""

import io
import re

import pytest
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from summitry.delegations import services
from summitry.delegations.models import Delegation, Invitation
from summitry.directory.models import Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def many(summit, organiser):
    """55 invited cities (so the list has two pages); Kyiv registers."""
    invited = []
    for n in range(55):
        org = OrganisationFactory(
            slug=f"city-{n:02d}", name_en=f"City {n:02d}", name_ko=f"도시 {n:02d}", country="JP"
        )
        invited.append(
            services.invite(
                actor=organiser,
                summit=summit,
                organisation=org,
                contact_name=f"Contact {n}",
                contact_email=f"c{n}@example.org",
                language="ko" if n % 2 else "en",
            )
        )
    kyiv = OrganisationFactory(slug="kyiv", name_en="Kyiv", name_ko="키이우", country="UA")
    invitation, _secret = services.invite(
        actor=organiser,
        summit=summit,
        organisation=kyiv,
        contact_name="Olena",
        contact_email="olena@kyiv.example",
        language="en",
    )
    contact = services.claim_invitation(
        invitation=invitation, name="Olena", password="a sturdy passphrase 2023"
    )
    services.add_member(
        actor=contact,
        delegation=Delegation.objects.get(invitation=invitation),
        data={"role": "head", "given_name": "Vitali"},
    )
    mail.outbox.clear()
    return invited


def staff(organiser, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(organiser)
    return client


def rows(page) -> list[str]:
    return re.findall(r'name="delegation" value="\d+" aria-label="([^"]+)"', page)


def test_search_filter_sort_and_pages(many, organiser):
    client = staff(organiser)
    first = client.get("/forum/manage/delegations/").content.decode()
    assert len(rows(first)) == 50 and "56 delegations" in first
    assert rows(first)[0] == "City 00"
    assert rows(client.get("/forum/manage/delegations/?page=2").content.decode())[-1] == "Kyiv"
    assert rows(client.get("/forum/manage/delegations/?q=키이우").content.decode()) == ["Kyiv"]
    assert rows(client.get("/forum/manage/delegations/?q=c7@").content.decode()) == ["City 07"]
    registered = client.get("/forum/manage/delegations/?status=registered").content.decode()
    assert rows(registered) == ["Kyiv"]
    assert rows(client.get("/forum/manage/delegations/?country=ua").content.decode()) == ["Kyiv"]
    by_members = client.get("/forum/manage/delegations/?sort=-members").content.decode()
    assert rows(by_members)[0] == "Kyiv"
    backwards = client.get("/forum/manage/delegations/?sort=-organisation").content.decode()
    assert rows(backwards)[0] == "Kyiv" and rows(backwards)[1] == "City 54"


def ids(*names) -> list[str]:
    return [
        str(pk)
        for pk in Delegation.objects.filter(organisation__name_en__in=names).values_list(
            "pk", flat=True
        )
    ]


def test_bulk_status_changes_name_what_they_could_not_do(many, organiser):
    client = staff(organiser)
    response = client.post(
        "/forum/manage/delegations/bulk/",
        {"action": "confirm", "delegation": ids("Kyiv", "City 01")},
        follow=True,
    )
    html = response.content.decode()
    assert "1 delegations changed." in html
    assert "City 01: A delegation cannot go from" in html
    assert Delegation.objects.get(organisation__name_en="Kyiv").status == "confirmed"
    assert Delegation.objects.get(organisation__name_en="City 01").status == "invited"


def test_cancelling_and_withdrawing_links_ask_first(many, organiser):
    client = staff(organiser)
    asked = client.post(
        "/forum/manage/delegations/bulk/", {"action": "cancel", "delegation": ids("Kyiv")}
    )
    assert asked.status_code == 200 and "Cancel these delegations: Kyiv?" in asked.content.decode()
    assert Delegation.objects.get(organisation__name_en="Kyiv").status == "registered"
    client.post(
        "/forum/manage/delegations/bulk/",
        {"action": "revoke", "delegation": ids("City 02"), "confirmed": "1"},
    )
    assert Invitation.objects.get(organisation__name_en="City 02").revoked_at is not None


def test_a_fresh_link_replaces_the_old_one(many, organiser):
    _invitation, old_secret = many[3]
    staff(organiser).post(
        "/forum/manage/delegations/bulk/", {"action": "resend", "delegation": ids("City 03")}
    )
    assert mail.outbox[-1].to == ["c3@example.org"]
    new_link = re.search(r"/invitations/[^/\s]+/", mail.outbox[-1].body).group()
    assert Client().get(f"/invitations/{old_secret}/").status_code == 404
    assert Client().get(new_link).status_code == 200


def test_the_contacts_are_written_to_in_their_language(many, organiser):
    staff(organiser).post(
        "/forum/manage/delegations/bulk/",
        {
            "action": "message",
            "delegation": ids("City 04", "City 05"),
            "subject_ko": "숙소 안내",
            "subject_en": "About your hotel",
            "body_ko": "호텔 정보를 확인하세요.",
            "body_en": "Please check your hotel.",
        },
    )
    by_address = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert by_address["c4@example.org"][0] == "About your hotel"
    assert by_address["c5@example.org"][0] == "숙소 안내"
    assert "호텔 정보를 확인하세요." in by_address["c5@example.org"][1]


def test_the_selection_is_exported(many, organiser):
    response = staff(organiser).post(
        "/forum/manage/delegations/bulk/", {"action": "export", "delegation": ids("Kyiv")}
    )
    sheet = load_workbook(io.BytesIO(response.content))["delegations"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Kyiv"]


def test_a_contact_cannot_use_the_list_or_its_actions(many, organiser):
    contact = Delegation.objects.get(organisation__name_en="Kyiv").contact
    client = staff(contact)
    assert client.get("/forum/manage/delegations/").status_code == 404
    response = client.post(
        "/forum/manage/delegations/bulk/", {"action": "confirm", "delegation": ids("Kyiv")}
    )
    assert response.status_code == 404
    assert Delegation.objects.get(organisation__name_en="Kyiv").status == "registered"


def test_a_new_organisation_is_invited_from_the_form_after_a_duplicate_check(summit, organiser):
    OrganisationFactory(
        slug="busan", name_en="Busan Metropolitan City", name_ko="부산광역시", country="KR"
    )
    client = staff(organiser)
    form = {
        "new_name_en": "Busan Metropolitan City",
        "new_name_ko": "부산",
        "new_kind": "city",
        "new_country": "KR",
        "contact_name": "Min",
        "contact_email": "min@busan.example",
        "language": "ko",
    }
    refused = client.post("/forum/manage/delegations/", form)
    assert refused.status_code == 400
    assert "The directory may already hold it: Busan Metropolitan City" in refused.content.decode()
    assert Organisation.objects.filter(name_en="Busan Metropolitan City").count() == 1
    form |= {
        "new_name_en": "Busan Port Authority",
        "new_name_ko": "부산항만공사",
        "new_kind": "institution",
    }
    assert client.post("/forum/manage/delegations/", form).status_code == 302
    created = Organisation.objects.get(name_en="Busan Port Authority")
    assert (created.kind, created.country.code, created.name_ko) == (
        "institution",
        "KR",
        "부산항만공사",
    )
    assert Invitation.objects.get(organisation=created).contact_email == "min@busan.example"
    listed = client.get("/forum/manage/delegations/?q=Port").content.decode()
    assert rows(listed) == ["Busan Port Authority"] and "min@busan.example" in listed
    # Staff looked, and it is another one: it is added all the same.
    form |= {"new_name_en": "Busan", "new_name_ko": "", "allow_similar": "on", "new_kind": "city"}
    form["contact_email"] = "other@busan.example"
    assert client.post("/forum/manage/delegations/", form).status_code == 302
    assert Organisation.objects.filter(name_en="Busan").exists()


def test_the_members_list_finds_filters_and_exports(many, organiser):
    client = staff(organiser, "ko")
    page = client.get("/forum/manage/members/?q=Vitali").content.decode()
    assert "Vitali" in page and "대표단원 1명" in page
    assert "Vitali" not in client.get("/forum/manage/members/?place=waiting").content.decode()
    member = Delegation.objects.get(organisation__name_en="Kyiv").members.get()
    response = client.post("/forum/manage/members/", {"member": [str(member.pk)]})
    assert response["Content-Type"] == "text/csv"
    assert "Vitali" in response.content.decode()
