"""Anonymous public pages and feeds come from the shared cache (core.pagecache): every one of
them is kept, each goes stale when its summit's data changes, drafts and signed-in visitors
never meet it, and the answers tell a proxy or CDN how to keep them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from summitry.programme.services import save_item
from summitry.summits.models import SummitOrganisation
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory, UserFactory
from tests.judging.support import make_award
from tests.programme.conftest import item, publish

pytestmark = pytest.mark.django_db

PAGES = [
    "/forum/",
    "/forum/programme/",
    "/forum/programme/?type=forum_session",
    "/forum/programme/{item}/",
    "/forum/programme.ics",
    "/forum/programme/{item}.ics",
    "/forum/programme/schedule.json",
    "/forum/programme/schedule.xml",
    "/forum/programme/changes/",
    "/forum/partners/",
    "/forum/awards/prize/",
    "/forum/awards/prize/winners/",
    "/api/v1/summits/forum",
    "/api/v1/summits/forum/themes",
    "/api/v1/summits/forum/organisations",
    "/api/v1/summits/forum/venues",
    "/api/v1/summits/forum/rooms",
    "/api/v1/summits/forum/programme",
    "/api/v1/summits/forum/programme/{item}",
    "/api/v1/summits/forum/schedule.json",
    "/api/v1/summits/forum/partners",
    "/api/v1/summits/forum/awards/prize",
    "/api/v1/summits/forum/awards/prize/winners",
]


@pytest.fixture
def summit(db):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    host = OrganisationFactory(slug="seoul", name_en="Seoul", name_ko="서울", country="KR")
    SummitOrganisation.objects.create(summit=summit, organisation=host, role="host")
    make_award(summit=summit)
    return summit


@pytest.fixture
def forum(summit, organiser):
    found = save_item(actor=organiser, item=item(summit, title_en="Forum I"))
    publish(summit, organiser)
    return found


def visitor(language: str = "en") -> Client:
    return Client(headers={"Accept-Language": language})


@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_and_feed_is_served_from_the_cache(forum, page):
    url = page.format(item=forum.pk)
    first = visitor().get(url)
    assert first.status_code == 200, url
    assert first["X-Summitry-Cache"] == "miss"
    second = visitor().get(url)
    assert second["X-Summitry-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # For a proxy or CDN: public, briefly, one copy per language and per cookie.
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control
    assert "s-maxage=" in cache_control
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in second["Vary"].split(",")}
    assert second["ETag"] == first["ETag"]
    # Nothing of a visitor in it: no cookie set, no CSRF token.
    assert not second.cookies and not first.cookies
    assert b"csrfmiddlewaretoken" not in second.content


def test_a_conditional_get_is_answered_not_modified(forum):
    etag = visitor().get("/forum/programme/")["ETag"]
    again = visitor().get("/forum/programme/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    other = visitor().get("/forum/programme/", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_change_to_an_item_shows_on_the_next_anonymous_request(forum, organiser):
    urls = [
        "/forum/programme/",
        f"/forum/programme/{forum.pk}/",
        "/forum/programme/schedule.json",
        "/forum/programme.ics",
        "/api/v1/summits/forum/programme",
    ]
    before = {url: visitor().get(url) for url in urls}
    forum.title_en = "Mayors Forum on Housing"
    save_item(actor=organiser, item=forum)
    for url in urls:
        after = visitor().get(url)
        assert "Mayors Forum on Housing" in after.content.decode(), url
        assert after["ETag"] != before[url]["ETag"]
    # The old ETag no longer matches: a proxy revalidating gets the new page.
    page = visitor().get("/forum/programme/", headers={"If-None-Match": before[urls[0]]["ETag"]})
    assert page.status_code == 200


def test_a_change_to_the_summit_or_its_partners_shows_at_once(forum, summit):
    assert b"Mayors Forum" in visitor().get("/forum/").content
    summit.name_en = "Mayors Summit"
    summit.save()
    assert b"Mayors Summit" in visitor().get("/forum/").content
    berlin = OrganisationFactory(slug="berlin", name_en="Berlin", country="DE")
    SummitOrganisation.objects.create(summit=summit, organisation=berlin, role="partner")
    assert b"Berlin" in visitor().get("/api/v1/summits/forum/organisations").content


def test_a_cached_page_never_holds_a_signed_in_users_name(forum):
    person = UserFactory(username="jiwoo", first_name="Jiwoo", last_name="Quartermaine")
    signed_in = visitor()
    signed_in.force_login(person)
    for url in ("/forum/", "/forum/programme/", f"/forum/programme/{forum.pk}/"):
        own = signed_in.get(url)
        assert "X-Summitry-Cache" not in own
        assert "private" in own["Cache-Control"] and "public" not in own["Cache-Control"]
        anonymous = visitor().get(url)
        assert b"jiwoo" not in anonymous.content.lower()
        assert b"Quartermaine" not in anonymous.content
        # And the other way round: a signed-in visitor after a cached page gets their own.
        assert "X-Summitry-Cache" not in signed_in.get(url)


def test_api_callers_with_a_token_are_never_served_the_cache(forum, staff_token):
    visitor().get("/api/v1/summits/forum/programme")
    with_token = visitor().get(
        "/api/v1/summits/forum/programme", headers={"Authorization": f"Bearer {staff_token}"}
    )
    assert with_token.status_code == 200
    assert "X-Summitry-Cache" not in with_token
    assert "private" in with_token["Cache-Control"]


def test_a_draft_is_never_cached_to_the_public(db, organiser, staff_token):
    SummitFactory(slug="draft", status="draft", name_en="Secret Summit")
    staff = visitor()
    staff.force_login(organiser)
    assert b"Secret Summit" in staff.get("/draft/").content
    token = {"Authorization": f"Bearer {staff_token}"}
    assert b"Secret Summit" in visitor().get("/api/v1/summits/draft", headers=token).content
    for url in ("/draft/", "/draft/programme/", "/api/v1/summits/draft"):
        answer = visitor().get(url)
        assert answer.status_code == 404
        assert b"Secret Summit" not in answer.content
        assert "public" not in answer.get("Cache-Control", "")


def test_an_unpublished_programme_and_invite_only_items_never_reach_the_cache(
    summit, organiser, bilbao
):
    save_item(actor=organiser, item=item(summit, title_en="Forum I"))
    staff = visitor()
    staff.force_login(organiser)
    assert b"Forum I" in staff.get("/forum/programme/").content  # staff see the draft
    assert b"Forum I" not in visitor().get("/forum/programme/").content  # nothing before
    publish(summit, organiser)
    assert b"Forum I" in visitor().get("/forum/programme/").content
    save_item(
        actor=organiser,
        item=item(summit, title_en="Invited breakfast", audience="invited"),
        invitees=[bilbao],
    )
    assert b"Invited breakfast" in staff.get("/forum/programme/").content
    for url in ("/forum/programme/", "/api/v1/summits/forum/programme"):
        assert b"Invited breakfast" not in visitor().get(url).content


@pytest.fixture
def bilbao(db):
    return OrganisationFactory(slug="bilbao", name_en="Bilbao", name_ko="빌바오", country="ES")


def test_languages_are_cached_apart(forum):
    english = visitor("en").get("/forum/programme/schedule.json")
    korean = visitor("ko").get("/forum/programme/schedule.json")
    assert english.content != korean.content
    assert visitor("ko").get("/forum/programme/schedule.json").content == korean.content


def test_a_speakers_new_name_shows_on_the_cached_programme(summit, organiser):
    speaker = PersonFactory(slug="tory", given_name="Tory", family_name="Whanau")
    save_item(actor=organiser, item=item(summit), people=[{"person": speaker, "role": "speaker"}])
    publish(summit, organiser)
    assert b"Whanau" in visitor().get("/forum/programme/").content
    speaker.family_name = "Whanau-Smith"
    speaker.save()
    assert b"Whanau-Smith" in visitor().get("/forum/programme/").content


def test_a_page_that_changes_at_a_set_time_is_kept_only_until_then(forum, monkeypatch):
    from django.utils import timezone

    from summitry.awards.models import Award

    publication = timezone.now() + datetime.timedelta(minutes=10)
    Award.objects.filter(slug="prize").update(results_published_at=publication)
    before = visitor().get("/forum/awards/prize/winners/")
    assert visitor().get("/forum/awards/prize/winners/")["X-Summitry-Cache"] == "hit"
    assert int(before["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 600
    later = publication + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = visitor().get("/forum/awards/prize/winners/")
    assert after["X-Summitry-Cache"] == "miss"
    assert after.content != before.content


def test_a_partner_citys_new_name_shows_on_the_cached_pages(forum):
    from summitry.directory.models import Organisation

    assert b"Seoul" in visitor().get("/forum/").content
    seoul = Organisation.objects.get(slug="seoul")
    seoul.name_en = "Seoul Metropolitan Government"
    seoul.save()
    assert b"Seoul Metropolitan Government" in visitor().get("/forum/").content


def test_an_address_with_any_character_is_answered_not_cached_as_a_key(client, db):
    """A summit address with control or non-ASCII characters is a 404, never a 500 (cache keys
    may not hold such characters: the key takes a digest of it)."""
    for slug in ("%0D%F3%BC%AD%8A%C3%9A", "%E2%80%8B", "a%20b"):
        assert client.get(f"/api/v1/summits/{slug}").status_code in (404, 422)
        assert client.get(f"/{slug}/").status_code == 404


# --- the shortcut: a cached page answered whole before the middleware stack ------------------


def shortcut_answered(response) -> bool:
    """The shortcut answers before the sessions and sign-in middleware ever see the request."""
    return not hasattr(response.wsgi_request, "user")


def headers_of(response) -> dict:
    return {k: v for k, v in response.items() if k != "X-Request-ID"}


SHORTCUT_PAGES = [
    "/forum/",
    "/forum/programme/",
    "/forum/programme/?type=forum_session",
    "/forum/programme/{item}/",
    "/forum/programme.ics",
    "/forum/programme/schedule.json",
    "/forum/awards/prize/winners/",
    "/api/v1/summits/forum/programme",
    "/api/v1/summits/forum/awards/prize",
]


@pytest.mark.parametrize("page", SHORTCUT_PAGES)
def test_a_cookieless_visitor_gets_from_the_shortcut_exactly_what_the_stack_answered(forum, page):
    url = page.format(item=forum.pk)
    first = visitor().get(url)
    assert first["X-Summitry-Cache"] == "miss" and not shortcut_answered(first)
    second = visitor().get(url)  # a cached hit through the whole stack: kept whole
    assert second["X-Summitry-Cache"] == "hit" and not shortcut_answered(second)
    third = visitor().get(url)
    assert shortcut_answered(third)
    assert third.status_code == 200
    assert third.content == second.content
    assert headers_of(third) == headers_of(second)
    # Each answer has its own request id; a plausible one from the proxy is kept.
    assert third["X-Request-ID"] and third["X-Request-ID"] != second["X-Request-ID"]
    proxied = visitor().get(url, headers={"X-Request-ID": "proxy-42"})
    assert shortcut_answered(proxied) and proxied["X-Request-ID"] == "proxy-42"
    # HEAD: the same headers, no body.
    head = visitor().head(url)
    assert shortcut_answered(head) and head.content == b""
    assert headers_of(head) == headers_of(second)


def test_the_shortcut_sends_the_security_and_caching_headers_of_the_stack(forum):
    for _ in range(2):
        visitor().get("/forum/programme/")
    answer = visitor().get("/forum/programme/")
    assert shortcut_answered(answer)
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert answer[header], header
    assert "public" in answer["Cache-Control"] and answer["ETag"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in answer["Vary"].split(",")}
    assert answer["Content-Language"] == "en" and answer["X-Summitry-Cache"] == "hit"
    assert not answer.cookies


def test_a_change_makes_the_kept_answer_stale_at_once(forum, organiser):
    url = "/forum/programme/schedule.json"
    for _ in range(2):
        visitor().get(url)
    old = visitor().get(url)
    assert shortcut_answered(old)
    forum.title_en = "Mayors Forum on Housing"
    save_item(actor=organiser, item=forum)
    after = visitor().get(url)
    assert not shortcut_answered(after)
    assert b"Mayors Forum on Housing" in after.content and after["ETag"] != old["ETag"]
    visitor().get(url)  # kept again, under the new version
    again = visitor().get(url)
    assert shortcut_answered(again) and again.content == after.content


def test_a_summit_going_back_to_draft_is_never_answered_from_the_shortcut(forum, summit):
    for _ in range(3):
        visitor().get("/forum/")
    summit.status = "draft"
    summit.save()
    answer = visitor().get("/forum/")
    assert answer.status_code == 404 and not shortcut_answered(answer)


def test_a_signed_in_visitor_or_a_token_is_never_answered_from_the_shortcut(forum, staff_token):
    url = "/api/v1/summits/forum/programme"
    for _ in range(3):
        visitor().get(url)
    assert shortcut_answered(visitor().get(url))
    person = UserFactory(username="jiwoo")
    signed_in = visitor()
    signed_in.force_login(person)
    for page in (url, "/forum/"):
        visitor().get(page)
        own = signed_in.get(page)
        assert not shortcut_answered(own)
        assert "X-Summitry-Cache" not in own and "private" in own["Cache-Control"]
    with_token = visitor().get(url, headers={"Authorization": f"Bearer {staff_token}"})
    assert not shortcut_answered(with_token) and "X-Summitry-Cache" not in with_token
    assert "private" in with_token["Cache-Control"]
    # Any cookie at all (a language choice, an old session) goes the whole way.
    with_cookie = visitor()
    with_cookie.cookies["django_language"] = "ko"
    answer = with_cookie.get(url)
    assert not shortcut_answered(answer) and answer["Content-Language"] == "ko"


def test_the_shortcut_negotiates_the_language_as_the_stack_does(forum):
    url = "/forum/programme/schedule.json"
    english = [visitor("en").get(url) for _ in range(2)][-1]
    korean = [visitor("ko").get(url) for _ in range(2)][-1]
    assert english.content != korean.content
    for offered, expected in (
        ("en-GB,en;q=0.9", english),
        ("en-US", english),
        ("ko-KR,ko;q=0.9,en;q=0.5", korean),
        ("fr-FR,fr;q=0.9", korean),  # none offered: the default language, Korean
        ("de;q=0.9,en;q=0.8", english),
    ):
        answer = visitor(offered).get(url)
        assert shortcut_answered(answer), offered
        assert answer.content == expected.content, offered
        assert answer["Content-Language"] == expected["Content-Language"], offered
    no_header = Client().get(url)
    assert no_header.content == korean.content


def test_a_conditional_get_is_answered_not_modified_by_the_shortcut(forum):
    url = "/forum/programme/"
    for _ in range(2):
        page = visitor().get(url)
    etag = page["ETag"]
    slow = visitor().get(url, headers={"If-None-Match": etag})
    assert slow.status_code == 304 and not shortcut_answered(slow)
    fast = visitor().get(url, headers={"If-None-Match": etag})
    assert fast.status_code == 304 and shortcut_answered(fast) and fast.content == b""
    assert headers_of(fast) == headers_of(slow)
    weak = visitor().get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304 and shortcut_answered(weak)
    other = visitor().get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and shortcut_answered(other)
    assert other.content == page.content


def test_a_kept_answer_ends_when_the_page_changes_by_itself(forum, monkeypatch):
    from django.utils import timezone

    from summitry.awards.models import Award

    publication = timezone.now() + datetime.timedelta(minutes=10)
    Award.objects.filter(slug="prize").update(results_published_at=publication)
    url = "/forum/awards/prize/winners/"
    before = [visitor().get(url) for _ in range(3)][-1]
    assert shortcut_answered(before)
    soon = publication - datetime.timedelta(seconds=100)
    monkeypatch.setattr(timezone, "now", lambda: soon)
    closer = visitor().get(url)
    assert shortcut_answered(closer)
    max_age = int(closer["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 100 and "s-maxage=" in closer["Cache-Control"]
    later = publication + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = visitor().get(url)
    assert not shortcut_answered(after) and after["X-Summitry-Cache"] == "miss"
    assert after.content != before.content


def test_an_unknown_host_or_another_scheme_is_not_answered_from_the_shortcut(forum):
    for _ in range(3):
        visitor().get("/forum/")
    assert visitor().get("/forum/", headers={"Host": "evil.example"}).status_code == 400
    secure = visitor().get("/forum/", secure=True)
    assert secure.status_code == 200 and not shortcut_answered(secure)
    posted = visitor().post("/forum/")
    assert not shortcut_answered(posted)


def test_the_shortcut_writes_the_access_log_line_with_its_request_id(forum, caplog):
    import logging

    for _ in range(2):
        visitor().get("/forum/programme/")
    caplog.set_level(logging.INFO, logger="summitry.request")
    answer = visitor().get("/forum/programme/", headers={"X-Request-ID": "proxy-7"})
    assert shortcut_answered(answer)
    [line] = [r for r in caplog.records if r.name == "summitry.request"]
    assert line.request_id == "proxy-7" and line.status == 200
    assert line.path == "/forum/programme/" and line.method == "GET"
