"""In a real browser: a member's voting delegate opens the circulated agenda on their phone and
downloads a document (one not circulated yet stays hidden); the public page of an adopted
declaration lists its signatories in Korean and English; a voter identifies at the kiosk with
their badge's code (as a scanner types it) and votes, and a revoked badge is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from summitry.assembly import declarations, documents, services
from summitry.assembly.models import VoterRoll
from summitry.checkin import services as checkin
from summitry.delegations.models import Delegate, Delegation
from tests.assembly.support import make_assembly, make_poll
from tests.browser.test_console import sign_in
from tests.factories import PersonFactory, SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "summitry-demo"  # noqa: S105 - a test login
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(organiser):
    summit = SummitFactory(slug="ssc", time_zone="Asia/Seoul")
    assembly, rights, item = make_assembly(members=3, summit=summit)
    assembly.title_en, assembly.title_ko = "6th WeGO General Assembly", "제6차 WeGO 총회"
    assembly.starts_at = timezone.now() + datetime.timedelta(days=10)
    assembly.save()
    for right in rights:
        right.delegate.set_password(PASSWORD)
        right.delegate.save()
    return assembly, rights, item


def attach(organiser, assembly, item, name, title):
    return documents.attach(
        actor=organiser,
        assembly=assembly,
        upload=SimpleUploadedFile(name, PDF),
        title=title,
        language="both",
        agenda_item=item,
    )


def test_a_member_reads_the_circulated_agenda_and_downloads_a_document(
    world, organiser, browser, live_server, screenshot
):
    assembly, rights, item = world
    attach(organiser, assembly, item, "budget.pdf", {"ko": "2024 예산안", "en": "Budget 2024"})
    services.circulate_agenda(actor=organiser, assembly=assembly)
    attach(organiser, assembly, item, "draft.pdf", {"ko": "초안", "en": "Draft"})  # not yet
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    base = live_server.url
    sign_in(phone, base, rights[0].delegate.username, PASSWORD)
    phone.goto(f"{base}/ssc/assemblies/ga/agenda/")
    expect(phone.locator("h1")).to_contain_text("의제")
    link = phone.get_by_role("link", name="2024 예산안")
    expect(link).to_be_visible()
    expect(phone.get_by_text("초안")).to_have_count(0)
    screenshot(phone, "assembly-agenda-documents-ko")
    with phone.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == "budget.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF
    context.close()


def test_the_declarations_public_page_lists_its_signatories_in_both_languages(
    world, organiser, page, live_server, screenshot
):
    assembly, rights, item = world
    item.kind = "declaration"
    item.save(update_fields=["kind"])
    poll = make_poll(assembly, item, fraction="2/3", comparison="at_least")
    motion = poll.motion
    motion.title_en, motion.title_ko = "Seoul Declaration", "서울선언문"
    motion.text_en = "Cities stand together against the pandemic."
    motion.text_ko = "도시는 감염병에 맞서 함께 연대한다."
    motion.save()
    services.open_poll(actor=organiser, poll=poll)
    for right in rights:
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    services.close_poll(actor=organiser, poll=poll)
    today = timezone.localdate(timezone=assembly.summit.zone)
    for right, (ko, en, title_ko, title_en) in zip(
        rights,
        [
            ("오세훈", "Oh Se-hoon", "서울특별시장", "Mayor of Seoul"),
            ("토리 화나우", "Tory Whanau", "웰링턴 시장", "Mayor of Wellington"),
        ],
        strict=False,
    ):
        declarations.add_signatory(
            actor=organiser,
            motion=motion,
            organisation=right.member.organisation,
            signer_name={"ko": ko, "en": en},
            signer_title={"ko": title_ko, "en": title_en},
            signed_on=today,
        )
    page.goto(f"{live_server.url}/ssc/assemblies/ga/declarations/{motion.pk}/")
    expect(page.locator("#declaration-ko h1")).to_have_text("서울선언문")
    expect(page.locator("#declaration-en h1")).to_have_text("Seoul Declaration")
    table = page.locator("#signatories")
    for text in ("오세훈", "Oh Se-hoon", "Mayor of Wellington", "웰링턴 시장", "도시 0", "City 1"):
        expect(table).to_contain_text(text)
    screenshot(page, "assembly-declaration-signatories")


def test_a_voter_identifies_at_the_kiosk_with_their_badge(
    world, organiser, page, live_server, screenshot
):
    assembly, rights, item = world
    zone = checkin.create_zone(actor=organiser, summit=assembly.summit, name={"en": "Hall"})
    category = checkin.create_category(
        actor=organiser, summit=assembly.summit, name={"en": "Delegate"}, zones=[zone]
    )
    badges = []
    for right in rights[:2]:
        delegation = Delegation.objects.create(
            summit=assembly.summit, organisation=right.member.organisation, status="registered"
        )
        delegate = Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(organisation=right.member.organisation),
            user=right.delegate,
        )
        checkin.assign_category(
            actor=organiser, summit=assembly.summit, delegates=[delegate], category=category
        )
        badges.append(checkin.issue(actor=organiser, delegate=delegate))
    checkin.revoke(actor=organiser, badge=badges[1])
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/ssc/manage/assemblies/ga/kiosk/")
    # A revoked badge: refused, with the reason in both languages.
    page.locator("#pin").fill(checkin.code_for(badges[1]))
    page.locator("#pin").press("Enter")
    expect(page.locator(".messages")).to_contain_text("revoked")
    expect(page.locator(".messages")).to_contain_text("취소")
    screenshot(page, "assembly-kiosk-badge-revoked")
    # A valid badge, typed by the scanner as keys and Enter.
    page.locator("#pin").fill(checkin.code_for(badges[0]))
    page.locator("#pin").press("Enter")
    card = page.locator(".ballot-member").first
    card.locator("input[value=yes]").check()
    card.get_by_role("button").click()
    expect(page.locator(".messages")).to_be_visible()
    screenshot(page, "assembly-kiosk-badge-voted")
    entry = VoterRoll.objects.get(poll=poll)
    assert entry.member == rights[0].member and entry.cast_by == rights[0].delegate
    page.locator("#kiosk-finish").click()
    expect(page.locator("#pin")).to_be_visible()
