"""A delegate sees and corrects their own data through a personal link, and nothing else."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from summitry.delegations import services
from summitry.delegations.models import Delegate

from .conftest import member_data


@pytest.fixture
def tory(delegation, contact):
    return services.add_member(
        actor=contact,
        delegation=delegation,
        data=member_data(email="tory@example.org", hotel="Lotte"),
    )


def access_link() -> str:
    return re.search(r"/accounts/access/[^/\s]+/[^/\s]+/", mail.outbox[-1].body).group()


def test_the_member_follows_the_link_sets_a_password_and_corrects_their_data(tory, contact):
    services.give_member_access(actor=contact, member=tory)
    assert mail.outbox[-1].to == ["tory@example.org"]
    client = Client()
    client.cookies["django_language"] = "en"
    form_page = client.get(access_link(), follow=True)
    assert "Set your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "tory's own passphrase", "new_password2": "tory's own passphrase"},
        follow=True,
    )
    assert "My registrations" in done.content.decode()
    edit_url = f"/forum/me/{tory.pk}/"
    assert edit_url in done.content.decode()
    page = client.get(edit_url)
    assert page.status_code == 200
    client.post(
        edit_url,
        {
            "given_name": "Tory",
            "family_name": "Whanau",
            "protocol_rank": "30",
            "hotel": "Four Seasons Seoul",
            "role": "member",
        },
    )
    tory.refresh_from_db()
    assert (tory.hotel, tory.role) == ("Four Seasons Seoul", "member")
    # The link is single-use.
    assert "This link has been used" in client.get(access_link(), follow=True).content.decode()


def test_a_member_cannot_open_someone_elses_record(tory, delegation, contact):
    other = services.add_member(
        actor=contact,
        delegation=delegation,
        data=member_data(given_name="Ana", email="ana@example.org"),
    )
    services.give_member_access(actor=contact, member=tory)
    client = Client()
    client.force_login(Delegate.objects.get(pk=tory.pk).user)
    assert client.get(f"/forum/me/{other.pk}/").status_code == 404
    assert client.get(f"/forum/delegations/{delegation.pk}/").status_code == 404


def test_access_needs_an_email_and_the_right_to_edit(delegation, contact, stranger):
    no_email = services.add_member(actor=contact, delegation=delegation, data=member_data())
    with pytest.raises(ValidationError):
        services.give_member_access(actor=contact, member=no_email)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.give_member_access(actor=stranger, member=no_email)
    assert mail.outbox[-1].subject.startswith("Invitation")  # no access mail went out
