"""In a real browser, on a phone: a voting delegate ranks the candidates of a secret election
by single transferable vote (numbered selects, no JavaScript needed), a ranking with a gap is
refused in Korean, the corrected one gives a receipt; after the close the projector names the
counting rules in Korean and English and the bulletin shows the ranking."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.assembly import services
from summitry.assembly.models import Ballot, Poll, VoterRoll
from tests.assembly.support import make_assembly
from tests.browser.conftest import _watch_policy
from tests.browser.test_console import sign_in
from tests.factories import SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "summitry-demo"  # noqa: S105 - a test login


def test_a_delegate_ranks_candidates_on_a_phone(browser, organiser, live_server, screenshot):
    summit = SummitFactory(slug="ssc", time_zone="Asia/Seoul")
    assembly, rights, item = make_assembly(members=4, summit=summit)
    delegate = rights[0].delegate
    delegate.set_password(PASSWORD)
    delegate.save()
    poll = Poll.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="Executive committee",
        title_ko="집행위원회 선거",
        kind="secret",
        method="ranked",
        seats=2,
    )
    poll.candidates.set([r.member for r in rights[:4]])
    services.open_poll(actor=organiser, poll=poll)
    base = live_server.url
    context = browser.new_context(
        locale="ko-KR",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    phone = context.new_page()
    refused = _watch_policy(phone)
    sign_in(phone, base, delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    card = phone.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="도시 0"))
    expect(card).to_contain_text("선호하는 순서대로")
    # A gap: 1 and 3 without 2.
    card.get_by_label("도시 2").select_option("1")
    card.get_by_label("도시 0").select_option("3")
    card.get_by_role("button").click()
    expect(phone.locator(".messages")).to_contain_text("순위 2이(가) 빠졌습니다")
    screenshot(phone, "assembly-ranked-refused-ko")
    assert not VoterRoll.objects.filter(poll=poll).exists()
    card = phone.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="도시 0"))
    card.get_by_label("도시 2").select_option("1")
    card.get_by_label("도시 0").select_option("2")
    card.get_by_label("도시 3").select_option("3")
    screenshot(phone, "assembly-ranked-phone-ko")
    card.get_by_role("button").click()
    receipt = phone.locator("#receipt").inner_text()
    assert len(receipt) == 19
    ids = [str(rights[n].member_id) for n in (2, 0, 3)]
    assert Ballot.objects.get(poll=poll).choice == ids
    for right, ranking in zip(rights[1:], [[0, 1], [0, 1], [1, 0]], strict=True):
        services.cast(
            actor=right.delegate,
            poll=poll,
            member_id=right.member_id,
            choice=[str(rights[n].member_id) for n in ranking],
        )
    services.close_poll(actor=organiser, poll=poll)

    projector = browser.new_context(viewport={"width": 1600, "height": 900}).new_page()
    projector.goto(f"{base}/ssc/assemblies/ga/projector/")
    ko = projector.locator(".projector-side[lang=ko]")
    en = projector.locator(".projector-side[lang=en]")
    expect(ko).to_contain_text("드룹 기준수")
    expect(en).to_contain_text("exact Droop quota")
    expect(en).to_contain_text("Elected")
    expect(en.locator(".projector-elected li").first).to_contain_text("City 0: 2 ✓ Elected")
    screenshot(projector, "assembly-ranked-projector")
    phone.goto(f"{base}/ssc/assemblies/ga/polls/{poll.pk}/bulletin/")
    phone.get_by_label("내 영수증 코드").fill(receipt)
    phone.get_by_role("button", name="내 투표 찾기").click()
    expect(phone.locator("#lookup strong")).to_have_text("1. 도시 2, 2. 도시 0, 3. 도시 3")
    screenshot(phone, "assembly-ranked-bulletin-ko")
    context.close()
    assert refused == []


def test_the_chairs_staff_add_an_item_and_a_ranked_vote_on_the_console(
    page, organiser, live_server, screenshot
):
    summit = SummitFactory(slug="ssc", time_zone="Asia/Seoul")
    make_assembly(members=3, summit=summit)
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    page.get_by_role("link", name="의제 항목과 표결").click()
    page.locator("#item-kind").select_option("election")
    page.locator("#item-title-ko").fill("집행위원회 선거")
    page.locator("#item-title-en").fill("Executive committee election")
    page.get_by_role("button", name="의제 항목 추가하기").click()
    expect(page.locator(".messages")).to_contain_text("추가했습니다")
    page.locator("#poll-item").select_option(label="2. 집행위원회 선거")
    page.locator("#poll-title-ko").fill("집행위원 2석")
    page.locator("#poll-kind").select_option("secret")
    page.locator("#poll-method").select_option("ranked")
    page.locator("#poll-seats").fill("2")
    for n in range(3):
        page.get_by_label(f"도시 {n}").check()
    screenshot(page, "assembly-setup-ko")
    page.get_by_role("button", name="표결 추가하기").click()
    expect(page.locator(".messages")).to_contain_text("표결 “집행위원 2석”을(를) 추가했습니다")
    expect(page.locator("#agenda-items")).to_contain_text("집행위원 2석")
    poll = Poll.objects.get(title_ko="집행위원 2석")
    assert poll.method == "ranked" and poll.seats == 2 and poll.candidates.count() == 3
