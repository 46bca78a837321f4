"""In a real browser: the chair opens a vote on a motion from the console; three voting
delegates vote on their phones, in their languages (one also casts another member's vote
through a proxy); the chair sees the turnout live and closes the vote; the projector shows the
result in Korean and English with the majority rule, without being reloaded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.assembly import services
from summitry.assembly.models import Ballot, VoterRoll
from tests.assembly.support import checkin_room, enter_room, make_assembly, make_poll
from tests.browser.conftest import _watch_policy
from tests.browser.test_console import sign_in
from tests.factories import SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "summitry-demo"  # noqa: S105 - a test login


@pytest.fixture
def assembly(organiser):
    summit = SummitFactory(slug="ssc", time_zone="Asia/Seoul")
    assembly, rights, item = make_assembly(members=5, summit=summit)
    assembly.title_en, assembly.title_ko = "6th WeGO General Assembly", "제6차 WeGO 총회"
    assembly.save()
    for right in rights:
        right.delegate.set_password(PASSWORD)
        right.delegate.save()
    # Member 3 hands its vote to member 2: member 2's delegate casts both.
    services.give_proxy(actor=organiser, right=rights[3], holder=rights[2].member)
    poll = make_poll(assembly, item, fraction="2/3", comparison="at_least")
    return assembly, rights, poll


def phone_page(browser, locale):
    context = browser.new_context(
        locale=locale, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    POLICY[page] = _watch_policy(page)  # what the Content-Security-Policy refuses there
    return context, page


POLICY: dict = {}


def test_the_chair_opens_delegates_vote_the_chair_closes_the_projector_shows(
    assembly, browser, page, live_server, screenshot
):
    _assembly, rights, poll = assembly
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    expect(page.locator("#quorum")).to_have_text("충족")
    page.get_by_role("button", name="표결 개시").click()
    expect(page.locator(".messages")).to_contain_text("표결이 개시되었습니다")

    projector_context = browser.new_context(viewport={"width": 1600, "height": 900})
    projector = projector_context.new_page()
    refused = _watch_policy(projector)
    projector.goto(f"{base}/ssc/assemblies/ga/projector/")
    expect(projector.locator(".projector-side[lang=ko]")).to_contain_text("투표 진행 중")
    expect(projector.locator(".projector-side[lang=en]")).to_contain_text("Voting is open")

    votes = [
        (0, "ko-KR", [(0, "찬성")]),
        (1, "en-GB", [(1, "Yes")]),
        (2, "ko-KR", [(2, "찬성"), (3, "반대")]),
    ]
    contexts = []
    for delegate, locale, ballots in votes:
        context, phone = phone_page(browser, locale)
        contexts.append(context)
        sign_in(phone, base, rights[delegate].delegate.username, PASSWORD)
        phone.goto(f"{base}/ssc/assemblies/ga/vote/")
        for member, label in ballots:
            card = phone.locator(".ballot-member").filter(
                has=phone.get_by_role(
                    "heading", name=f"{'City' if locale == 'en-GB' else '도시'} {member}"
                )
            )
            if member == 3:
                expect(card).to_contain_text("위임")
                screenshot(phone, "assembly-phone-proxy-ko")
            card.get_by_label(label).check()
            card.get_by_role("button").click()
            expect(phone.locator(".messages")).to_be_visible()
        if locale == "en-GB":
            expect(phone.locator(".messages")).to_contain_text("Your vote for City 1 is recorded")
            screenshot(phone, "assembly-phone-en")
        else:
            expect(phone.locator(".status-confirmed").first).to_be_visible()
    screenshot(contexts[2].pages[0], "assembly-phone-ko")

    # The chair's console counts the votes live, without a reload.
    expect(page.locator("#turnout")).to_have_text("4")
    screenshot(page, "assembly-console-ko")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="표결 종료").click()
    expect(page.locator(".messages")).to_contain_text("표결이 종료되고 집계되었습니다")

    # The projector, left open, shows the result in both languages with the rule.
    ko = projector.locator(".projector-side[lang=ko]")
    en = projector.locator(".projector-side[lang=en]")
    expect(ko.locator(".projector-outcome")).to_have_text("가결")
    expect(en.locator(".projector-outcome")).to_have_text("Adopted")
    expect(ko).to_contain_text("찬반 투표수의 3분의 2 이상 찬성")
    expect(en).to_contain_text("At least 2/3 of the yes and no votes")
    expect(en.locator(".projector-counts")).to_contain_text("3")
    screenshot(projector, "assembly-projector")
    for context in [*contexts, projector_context]:
        context.close()
    assert refused == [] and all(found == [] for found in POLICY.values())


def test_a_secret_ballot_voter_finds_their_receipt_on_the_bulletin(
    assembly, browser, organiser, live_server, screenshot
):
    _assembly, rights, _poll = assembly
    secret = make_poll(_assembly, _poll.agenda_item, kind="secret")
    services.open_poll(actor=organiser, poll=secret)
    base = live_server.url
    context, phone = phone_page(browser, "ko-KR")
    sign_in(phone, base, rights[0].delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    card = phone.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="도시 0"))
    card.get_by_label("반대").check()
    card.get_by_role("button").click()
    receipt = phone.locator("#receipt").inner_text()
    assert len(receipt) == 19
    screenshot(phone, "assembly-receipt-ko")
    services.close_poll(actor=organiser, poll=secret)
    phone.goto(f"{base}/ssc/assemblies/ga/polls/{secret.pk}/bulletin/")
    phone.get_by_label("내 영수증 코드").fill(receipt.lower())
    phone.get_by_role("button", name="내 투표 찾기").click()
    expect(phone.locator("#lookup")).to_contain_text(receipt)
    expect(phone.locator("#lookup strong")).to_have_text("반대")
    screenshot(phone, "assembly-bulletin-ko")
    context.close()
    assert POLICY[phone] == []


def test_the_quorum_follows_check_in_live_and_voters_change_their_votes(
    assembly, browser, page, organiser, live_server, screenshot
):
    _assembly, rights, poll = assembly
    for right in rights:  # nobody called yet: check-in decides
        services.set_present(actor=organiser, right=right, present=None)
    zone, category = checkin_room(_assembly, organiser)
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    expect(page.locator("#present-count")).to_have_text("0")
    expect(page.locator("#quorum")).to_have_text("미충족(3곳 필요)")
    page.get_by_label("종료 전까지 투표 변경 허용").check()
    page.get_by_role("button", name="규칙 저장").click()
    expect(page.locator(".messages")).to_contain_text("총회 규칙을 저장했습니다")
    # Three delegates enter the assembly hall at the door: the quorum moves without a reload
    # (member 3 is represented by member 2's proxy).
    for n in range(3):
        enter_room(_assembly, rights[n], organiser, zone, category)
    expect(page.locator("#checked-in-count")).to_have_text("3")
    expect(page.locator("#present-count")).to_have_text("4")
    expect(page.locator("#quorum")).to_have_text("충족")
    page.reload()  # the attendance table says who entered
    expect(page.get_by_role("row", name="도시 0").get_by_role("cell").nth(3)).to_have_text("입장 ✓")
    screenshot(page, "assembly-console-checkin-ko")
    page.get_by_role("button", name="표결 개시").click()
    expect(page.locator(".messages")).to_contain_text("표결이 개시되었습니다")

    # An open vote changed on a phone in English.
    context, phone = phone_page(browser, "en-GB")
    sign_in(phone, base, rights[1].delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    card = phone.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="City 1"))
    card.get_by_label("No").check()
    card.get_by_role("button", name="Cast the vote of City 1").click()
    expect(card).to_contain_text("Voted ✓ · No")
    card.get_by_label("Yes").check()
    card.get_by_role("button", name="Change the vote of City 1").click()
    expect(card).to_contain_text("Voted ✓ · Yes")
    screenshot(phone, "assembly-phone-change-en")
    context.close()

    # A secret ballot replaced with its receipt on a phone in Korean.
    secret = make_poll(_assembly, poll.agenda_item, kind="secret")
    services.open_poll(actor=organiser, poll=secret)
    context, phone = phone_page(browser, "ko-KR")
    sign_in(phone, base, rights[0].delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    section = phone.locator(".ballot").filter(has_text="예산을 채택합니까?").last
    card = section.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="도시 0"))
    card.get_by_label("반대").check()
    card.get_by_role("button").click()
    first = phone.locator("#receipt").inner_text()
    section = phone.locator(".ballot").last
    card = section.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="도시 0"))
    card.get_by_label("찬성").check()
    card.get_by_label("변경할 투표의 영수증 코드").fill(first)
    card.get_by_role("button", name="도시 0 투표 변경").click()
    second = phone.locator("#receipt").inner_text()
    assert second != first and len(second) == 19
    screenshot(phone, "assembly-phone-change-secret-ko")
    context.close()
    assert list(Ballot.objects.filter(poll=secret).values_list("receipt", "choice")) == [
        (second, "yes")
    ]
    assert VoterRoll.objects.get(poll=poll, member=rights[1].member).choice == "yes"
    assert all(found == [] for found in POLICY.values())


def test_a_member_proposes_an_amendment_another_supports_it_the_chair_admits_it(
    assembly, browser, page, organiser, live_server, screenshot
):
    _assembly, rights, poll = assembly
    _assembly.motion_supporters = 1
    _assembly.save(update_fields=["motion_supporters"])
    base = live_server.url
    context, phone = phone_page(browser, "ko-KR")
    sign_in(phone, base, rights[0].delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    phone.get_by_role("link", name="안건과 수정안").click()
    phone.get_by_label("수정 대상 안건").select_option(label="예산 채택")
    phone.get_by_label("제목(한국어)").fill("출장비 10% 삭감")
    phone.get_by_label("제목(영어)").fill("Cut travel by 10%")
    phone.get_by_role("button", name="제출").click()
    expect(phone.locator(".messages")).to_contain_text("제출되었습니다")
    expect(phone.locator(".amendment")).to_contain_text("지지 0곳")
    screenshot(phone, "assembly-motions-ko")
    context.close()

    context, phone = phone_page(browser, "en-GB")
    sign_in(phone, base, rights[1].delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/motions/")
    phone.get_by_role("button", name="Support on behalf of City 1").click()
    expect(phone.locator(".amendment")).to_contain_text("1 supporter")
    screenshot(phone, "assembly-motions-en")
    context.close()

    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    row = page.get_by_role("row").filter(has_text="출장비 10% 삭감")
    expect(row).to_contain_text("1 / 1")
    row.get_by_role("button", name="상정").click()
    expect(page.locator(".messages")).to_contain_text("상정됨")
    screenshot(page, "assembly-console-motions-ko")
    assert all(found == [] for found in POLICY.values())


def test_the_secretary_writes_the_minutes_notes_and_downloads_a_declaration(
    assembly, browser, page, organiser, live_server, screenshot
):
    _assembly, rights, poll = assembly
    item = poll.agenda_item
    item.kind, item.title_ko, item.title_en = "declaration", "서울 선언", "Seoul Declaration"
    item.save()
    services.open_poll(actor=organiser, poll=poll)
    for right in rights[:3]:
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    services.close_poll(actor=organiser, poll=poll)
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/")
    page.get_by_role("link", name="회의록").click()
    page.get_by_label("한국어", exact=True).fill("의장이 개회를 선언하였다.")
    page.get_by_label("영어", exact=True).fill("The chair opened the session.")
    page.get_by_role("button", name="비고 저장").click()
    expect(page.locator(".messages")).to_contain_text("회의록 비고를 저장했습니다")
    expect(page.locator(".minutes-record")).to_contain_text("의장이 개회를 선언하였다.")
    expect(page.locator(".minutes-record")).to_contain_text("가결")
    screenshot(page, "assembly-minutes-ko")
    href = page.get_by_role("link", name="회의록 내려받기(PDF)").get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.ok and response.body().startswith(b"%PDF")
    assert all(found == [] for found in POLICY.values())


def test_the_chair_circulates_the_agenda_with_a_deadline_and_then_a_revised_one(
    assembly, page, organiser, live_server, screenshot
):
    from summitry.assembly.models import AgendaCirculation, AgendaItem
    from summitry.core.models import OutboundMessage

    _assembly, rights, poll = assembly
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    page.get_by_label("회원의 동의안·수정안 제출 마감(Asia/Seoul)").fill("2023-09-20T18:00")
    page.get_by_role("button", name="회원에게 의제 배포").click()
    expect(page.locator(".messages")).to_contain_text("제1판 의제")
    table = page.get_by_role("table", name="배포 기록")
    expect(table).to_contain_text("organiser")
    expect(table.get_by_role("cell", name="5", exact=True)).to_be_visible()
    AgendaItem.objects.create(
        assembly=_assembly, position=2, kind="election", title_en="Elections", title_ko="선거"
    )
    page.reload()
    page.get_by_role("button", name="수정 의제 배포").click()
    expect(table).to_contain_text("2 (수정)")
    screenshot(page, "assembly-circulation-ko")
    assert AgendaCirculation.objects.count() == 2
    assert OutboundMessage.objects.filter(kind="assembly-agenda").count() == 10


def test_the_secretary_names_an_alternate_who_votes_when_the_delegate_has_not(
    assembly, browser, page, organiser, live_server, screenshot
):
    from tests.assembly.support import make_delegation_people

    _assembly, rights, poll = assembly
    people = make_delegation_people(_assembly, rights[0])
    for person in people:
        person.user.set_password(PASSWORD)
        person.user.save()
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    page.get_by_role("link", name="도시 0의 투표 대표와 대리 대표").click()
    delegate_box = page.get_by_role("group", name="투표 대표")
    delegate_box.get_by_label(people[0].user.username).check()
    page.get_by_role("group", name="대리 대표").get_by_label(people[1].user.username).check()
    screenshot(page, "assembly-alternates-ko")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".messages")).to_contain_text("투표 대표와 대리 대표를 저장했습니다")
    expect(page.get_by_role("row", name="도시 0")).to_contain_text("대리 대표:")
    services.open_poll(actor=organiser, poll=poll)

    # The alternate votes on their phone: the page says for whom, and in which capacity.
    context, phone = phone_page(browser, "en-GB")
    sign_in(phone, base, people[1].user.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    expect(phone.locator(".voting-for")).to_contain_text(
        "City 0 · as alternate: when the voting delegate has not voted"
    )
    card = phone.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="City 0"))
    expect(card).to_contain_text("as alternate")
    card.get_by_label("No").check()
    card.get_by_role("button", name="Cast the vote of City 0").click()
    expect(phone.locator(".messages")).to_contain_text("Your vote for City 0 is recorded")
    screenshot(phone, "assembly-phone-alternate-en")
    context.close()

    # The voting delegate arrives later: the member has voted, once.
    context, phone = phone_page(browser, "ko-KR")
    sign_in(phone, base, people[0].user.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/vote/")
    card = phone.locator(".ballot-member").filter(has=phone.get_by_role("heading", name="도시 0"))
    expect(card).to_contain_text("투표 완료 ✓ · 반대")
    expect(card.get_by_role("button")).to_have_count(0)
    screenshot(phone, "assembly-phone-delegate-after-alternate-ko")
    context.close()
    entry = VoterRoll.objects.get(poll=poll, member=rights[0].member)
    assert (entry.cast_by, entry.by_alternate, entry.choice) == (people[1].user, True, "no")
    assert all(found == [] for found in POLICY.values())


def test_an_election_without_a_majority_goes_to_a_runoff_shown_on_the_projector(
    assembly, browser, page, organiser, live_server, screenshot
):
    from tests.assembly.test_runoff import make_election

    _assembly, rights, poll = assembly
    a, b, c = (r.member for r in rights[:3])
    election = make_election(_assembly, poll.agenda_item, rights[:3])
    services.open_poll(actor=organiser, poll=election)
    voters = [r for r in rights if r.proxy_id is None] + [rights[2]]  # 2 casts 3's proxy
    for right, member, choice in zip(
        voters,
        [rights[0], rights[1], rights[2], rights[4], rights[3]],
        [a, a, b, c, b],
        strict=True,
    ):
        services.cast(
            actor=right.delegate, poll=election, member_id=member.member_id, choice=str(choice.pk)
        )
    services.close_poll(actor=organiser, poll=election)
    base = live_server.url
    projector_context = browser.new_context(viewport={"width": 1600, "height": 900})
    projector = projector_context.new_page()
    refused = _watch_policy(projector)
    projector.goto(f"{base}/ssc/assemblies/ga/projector/")
    ko = projector.locator(".projector-side[lang=ko]")
    en = projector.locator(".projector-side[lang=en]")
    expect(en.locator(".projector-outcome")).to_have_text("Run-off")
    expect(en.locator(".projector-elected")).to_contain_text("City 0: 2 → to the run-off")
    expect(ko.locator(".projector-elected")).to_contain_text("도시 1: 2 → 결선투표 진출")
    screenshot(projector, "assembly-projector-first-round")

    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    page.get_by_role("button", name="결선투표 만들기").click()
    expect(page.locator(".messages")).to_contain_text("결선투표가 준비되었습니다")
    row = page.get_by_role("row").filter(has_text="결선투표: 회장 도시 선출")
    row.get_by_role("button", name="표결 개시").click()
    expect(page.locator(".messages")).to_contain_text("표결이 개시되었습니다")
    # The projector, left open, follows the run-off without a reload.
    expect(en.locator(".projector-question")).to_have_text("Run-off: Elect the president city")
    expect(ko).to_contain_text("“회장 도시 선출”의 결선투표")
    runoff = election.runoffs.get()
    for right, member, choice in zip(
        voters,
        [rights[0], rights[1], rights[2], rights[4], rights[3]],
        [a, b, b, b, a],
        strict=True,
    ):
        services.cast(
            actor=right.delegate, poll=runoff, member_id=member.member_id, choice=str(choice.pk)
        )
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row").filter(has_text="결선투표: 회장 도시 선출").get_by_role(
        "button", name="표결 종료"
    ).click()
    expect(en.locator(".projector-outcome")).to_have_text("Elected")
    expect(en.locator(".projector-elected")).to_contain_text("City 1: 3 ✓ Elected")
    expect(en).to_contain_text("Second round of “Elect the president city”")
    expect(ko.locator(".projector-rule")).to_contain_text("결선투표")
    screenshot(projector, "assembly-projector-runoff")
    projector_context.close()
    assert refused == []


def test_a_voter_votes_at_the_kiosk_with_a_one_time_pin_and_the_kiosk_resets(
    assembly, browser, page, organiser, live_server, screenshot
):
    _assembly, rights, poll = assembly
    secret = make_poll(_assembly, poll.agenda_item, kind="secret")
    services.open_poll(actor=organiser, poll=secret)
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/")
    page.get_by_role("link", name="도시 1의 투표 대표와 대리 대표").click()
    page.get_by_role("button", name="키오스크 PIN 발급").click()
    pin = page.locator("#kiosk-pin").inner_text()
    assert len(pin) == 8
    screenshot(page, "assembly-kiosk-pin-ko")

    # The kiosk: a tablet the staff opened, signed in as staff.
    kiosk = page.context.new_page()
    refused = _watch_policy(kiosk)
    kiosk.set_viewport_size({"width": 1024, "height": 900})
    kiosk.goto(f"{base}/ssc/manage/assemblies/ga/kiosk/")
    kiosk.locator("#pin").fill("00000000")
    kiosk.locator("#pin").press("Enter")
    expect(kiosk.get_by_role("alert")).to_contain_text("PIN이 올바르지 않습니다")
    expect(kiosk.get_by_role("alert")).to_contain_text("This PIN is not valid")
    kiosk.locator("#pin").fill(pin)
    kiosk.locator("#pin").press("Enter")
    expect(kiosk.locator(".voting-for")).to_contain_text("도시 1 · 투표 대표로")
    kiosk.get_by_role("button", name="Vote in English").click()
    expect(kiosk.locator(".voting-for")).to_contain_text("City 1 · as its voting delegate")
    card = kiosk.locator(".ballot-member").filter(has=kiosk.get_by_role("heading", name="City 1"))
    card.get_by_label("Yes").check()
    card.get_by_role("button", name="Cast the vote of City 1").click()
    expect(kiosk.locator("#receipt")).to_be_visible()
    screenshot(kiosk, "assembly-kiosk-receipt-en")
    kiosk.get_by_role("link", name="Finish: the next voter's turn").click()
    expect(kiosk.locator("#pin")).to_be_visible()
    expect(kiosk.locator("body")).not_to_contain_text("City 1")
    screenshot(kiosk, "assembly-kiosk-reset")
    # The PIN works once.
    kiosk.locator("#pin").fill(pin)
    kiosk.locator("#pin").press("Enter")
    expect(kiosk.get_by_role("alert")).to_contain_text("This PIN is not valid")
    assert VoterRoll.objects.filter(poll=secret, member=rights[1].member).count() == 1
    assert Ballot.objects.filter(poll=secret).count() == 1
    assert refused == []
