"""Signing in without a destination lands on the person's own pages, which lead to what
they do here: the delegation they register, their award applications, their judging."""

import pytest
from django.core.management import call_command
from django.test import Client


def signed_in(username: str) -> tuple[Client, str, str]:
    client = Client(headers={"Accept-Language": "en"})
    response = client.post(
        "/accounts/login/", {"username": username, "password": "summitry-demo"}, follow=True
    )
    return client, response.redirect_chain[-1][0], response.content.decode()


@pytest.fixture
def demos(db):
    call_command("demo", "load", "wcsmf2023")
    call_command("demo", "load", "ssc2023")


def test_each_demo_login_lands_on_what_they_do(demos):
    _client, landed, page = signed_in("wellington")
    assert landed == "/accounts/me/"
    assert "Delegations I register" in page and "/wcsmf2023/diplomacy/meetings/" in page
    assert "My judging" not in page and "My award applications" not in page

    _client, landed, page = signed_in("applicant")
    assert landed == "/accounts/me/"
    assert 'href="/accounts/applications/"' in page and "My judging" not in page
    assert "Delegations I register" not in page

    client, landed, page = signed_in("judge")
    assert landed == "/accounts/me/"
    assert 'href="/judging/"' in page and "My award applications" not in page
    assert client.get("/judging/").status_code == 302  # straight to the one summit they judge


def test_the_page_is_for_signed_in_people_only(db):
    response = Client().get("/accounts/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
