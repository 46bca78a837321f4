"""Policy exhibits linked to the programme's presentations (issue 19, item 3): key figures on
the exhibit's page, staff linking it to programme items (console and API), both pages linking
each other, only what anyone may see, and the cached pages changing at once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from summitry.exhibitions import services
from summitry.exhibitions.models import ExhibitorKind
from summitry.programme.models import Audience, ProgrammeItem
from summitry.programme.releases import publish
from tests.factories import SummitFactory

from .conftest import client_for
from .support import make_exhibitor
from .test_api import call

pytestmark = pytest.mark.django_db


def _item(summit, title_en, title_ko, *, audience=Audience.PUBLIC, hour=14):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3, hours=hour)
    return ProgrammeItem.objects.create(
        summit=summit,
        kind="keynote",
        title_en=title_en,
        title_ko=title_ko,
        audience=audience,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=30),
    )


@pytest.fixture
def policy_exhibit(exhibition, company, organiser):
    exhibitor = make_exhibitor(exhibition, company, name_en="Seoul Learn", submit=False)
    services.update_profile(
        actor=company,
        exhibitor=exhibitor,
        data={
            "figures": {
                "ko": "2023년 참여자 461명 대학 진학\n\n",
                "en": "461 participants went on to university in 2023\n",
            }
        },
    )
    exhibitor.kind = ExhibitorKind.POLICY
    exhibitor.save(update_fields=["kind"])
    services.submit(actor=company, exhibitor=exhibitor)
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    return exhibitor


@pytest.fixture
def items(exhibition, organiser):
    summit = exhibition.summit
    keynote = _item(summit, "Keynote: Seoul Learn", "기조연설: 서울런")
    closed = _item(summit, "Closed briefing", "비공개 브리핑", audience=Audience.INVITED, hour=16)
    publish(actor=organiser, summit=summit)
    return keynote, closed


def _exhibitor_url(exhibitor):
    e = exhibitor.exhibition
    return reverse("exhibitions:exhibitor", args=[e.summit.slug, e.slug, exhibitor.pk])


def _action_url(exhibitor):
    e = exhibitor.exhibition
    return reverse("exhibitions:exhibitor-action", args=[e.summit.slug, e.slug, exhibitor.pk])


def test_staff_link_an_exhibit_and_both_public_pages_link_each_other(
    policy_exhibit, items, exhibition_staff
):
    keynote, closed = items
    summit = keynote.summit
    item_url = reverse("programme:item", args=[summit.slug, keynote.pk])
    visitor = client_for()
    # Cached before the link: neither page mentions the other yet.
    page = visitor.get(_exhibitor_url(policy_exhibit), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "461 participants went on to university in 2023" in page
    assert "Presented in the programme" not in page
    assert _exhibitor_url(policy_exhibit) not in visitor.get(item_url).content.decode()

    staff = client_for(exhibition_staff)
    manage = reverse(
        "exhibitions:manage-exhibitor",
        args=[summit.slug, policy_exhibit.exhibition.slug, policy_exhibit.pk],
    )
    form = staff.get(manage).content.decode()
    assert 'id="programme-links"' in form and "기조연설: 서울런" in form
    answer = staff.post(
        _action_url(policy_exhibit), {"action": "programme", "items": [keynote.pk, closed.pk]}
    )
    assert answer.status_code == 302
    assert set(policy_exhibit.programme_items.all()) == {keynote, closed}

    # At once, though both pages were cached: the exhibit lists the public keynote only.
    page = visitor.get(_exhibitor_url(policy_exhibit), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="presented-in"' in page and "Keynote: Seoul Learn" in page
    assert "Closed briefing" not in page
    item_page = visitor.get(item_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _exhibitor_url(policy_exhibit) in item_page
    assert "In the exhibition: Seoul Learn" in item_page
    # Withdrawn from the guide, the exhibit is no longer linked from the item.
    services.unpublish(actor=exhibition_staff, exhibitor=policy_exhibit)
    assert _exhibitor_url(policy_exhibit) not in visitor.get(item_url).content.decode()


def test_key_figures_show_in_the_readers_language(policy_exhibit):
    page = client_for().get(_exhibitor_url(policy_exhibit), HTTP_ACCEPT_LANGUAGE="ko")
    html = page.content.decode()
    assert 'id="key-figures"' in html and "2023년 참여자 461명 대학 진학</li>" in html
    assert html.count("<li>2023년") == 1  # the blank lines are left out


def test_who_may_not_link_and_bad_items_change_nothing(
    policy_exhibit, items, exhibition_staff, no_perm, company, organiser
):
    keynote, _closed = items
    for user, status in ((no_perm, 403), (company, 404)):
        answer = client_for(user).post(
            _action_url(policy_exhibit), {"action": "programme", "items": [keynote.pk]}
        )
        assert answer.status_code == status
    # An item of another summit is not a choice: refused with the reason, nothing linked.
    other = _item(SummitFactory(slug="other"), "Elsewhere", "다른 곳")
    staff = client_for(exhibition_staff)
    answer = staff.post(
        _action_url(policy_exhibit),
        {"action": "programme", "items": [other.pk]},
        HTTP_ACCEPT_LANGUAGE="ko",
        follow=True,
    )
    assert "올바르게 선택해 주세요" in answer.content.decode()
    assert not policy_exhibit.programme_items.exists()
    with pytest.raises(ValidationError, match="이 회의의 프로그램 항목을 선택하세요"):
        services.link_programme(actor=organiser, exhibitor=policy_exhibit, items=[other])
    assert not policy_exhibit.programme_items.exists()


def test_api_links_and_shows_only_public_items(policy_exhibit, items, tokens):
    keynote, closed = items
    e = policy_exhibit.exhibition
    base = f"/api/v1/summits/{e.summit.slug}/exhibitions/{e.slug}/exhibitors"
    path = f"{base}/{policy_exhibit.pk}/programme"
    body = {"item_ids": [keynote.pk, closed.pk]}
    assert call("put", path, data=body).status_code == 401
    assert call("put", path, tokens["no_perm"], data=body).status_code == 403
    assert call("put", path, tokens["company"], data=body).status_code == 403
    assert not policy_exhibit.programme_items.exists()
    refused = call("put", path, tokens["staff"], data={"item_ids": [keynote.pk, 99999]})
    assert refused.status_code == 400 and "99999" in refused.content.decode()
    assert not policy_exhibit.programme_items.exists()
    answer = call("put", path, tokens["staff"], data=body)
    assert answer.status_code == 200
    assert sorted(answer.json()["programme_item_ids"]) == sorted([keynote.pk, closed.pk])
    (shown,) = call("get", base).json()
    assert shown["programme_item_ids"] == [keynote.pk]
    assert shown["figures"]["en"].startswith("461 participants")
