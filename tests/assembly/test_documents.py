"""Documents of the agenda (issue 16, item 2): staff attach them to items and motions,
checked by content; private until a circulation carries them, then members read and download
them; the agenda goes out on its own N days before the assembly, once."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.assembly import documents, services, tasks
from summitry.assembly.models import AgendaCirculation, AgendaDocument, Motion
from summitry.core.models import OutboundMessage
from summitry.delegations.models import Delegate, Delegation
from tests.factories import PersonFactory, SummitFactory, UserFactory

from .support import make_assembly

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="annex.docx", macros=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\0")
    return SimpleUploadedFile(name, buffer.getvalue())


def client_for(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def attach(organiser, assembly, item, upload=None, **extra):
    return documents.attach(
        actor=organiser,
        assembly=assembly,
        upload=upload or pdf(),
        title={"ko": "활동 보고서", "en": "Activity report"},
        language="both",
        agenda_item=item,
        **extra,
    )


def test_staff_attach_checked_documents_to_items_and_motions(organiser):
    assembly, rights, item = make_assembly(members=2)
    motion = Motion.objects.create(assembly=assembly, agenda_item=item, title_en="Budget 2024")
    report = attach(organiser, assembly, item)
    assert report.size == len(PDF) and report.file_name == "report.pdf" and len(report.sha256) == 64
    annex = documents.attach(
        actor=organiser,
        assembly=assembly,
        upload=docx(),
        title={"en": "Annex"},
        language="en",
        motion=motion,
    )
    assert annex.motion == motion and annex.agenda_item is None
    bad = [
        (pdf("report.exe"), "Attach a document of type"),
        (pdf(content=b""), "empty"),
        (pdf(content=b"<html>not a pdf</html>"), "not a PDF"),
        (docx("annex.docx", macros=True), "not a DOCX"),
        (SimpleUploadedFile("plan.hwp", PDF), "not a HWP"),
        (SimpleUploadedFile("annex.xlsx", b"PK\x03\x04garbage"), "not a XLSX"),
    ]
    for upload, message in bad:
        with pytest.raises(ValidationError, match=message):
            attach(organiser, assembly, item, upload)
    with pytest.raises(ValidationError, match="in at least one language|title"):
        documents.attach(
            actor=organiser,
            assembly=assembly,
            upload=pdf(),
            title={"ko": "", "en": ""},
            language="ko",
            agenda_item=item,
        )
    with pytest.raises(ValidationError, match="an agenda item or to a motion"):
        attach(organiser, assembly, item, motion=motion)
    with pytest.raises(ValidationError, match="language"):
        documents.attach(
            actor=organiser,
            assembly=assembly,
            upload=pdf(),
            title={"en": "x"},
            language="fr",
            agenda_item=item,
        )
    other, _rights, other_item = make_assembly(members=1, slug="ga2", summit=assembly.summit)
    with pytest.raises(ValidationError, match="of this assembly"):
        attach(organiser, assembly, other_item)
    with pytest.raises(PermissionDenied):
        attach(rights[0].delegate, assembly, item)
    assert AgendaDocument.objects.count() == 2


def test_documents_are_private_until_circulated_then_members_download_them(organiser):
    assembly, rights, item = make_assembly(members=2)
    document = attach(organiser, assembly, item)
    url = reverse("assembly:document", args=["forum", "ga", document.pk])
    agenda = reverse("assembly:agenda", args=["forum", "ga"])
    delegate = client_for(rights[0].delegate)
    # Before the circulation: staff only.
    assert delegate.get(url).status_code == 404
    page = delegate.get(agenda)
    assert page.status_code == 200 and b"has not been circulated yet" in page.content
    assert b"Activity report" not in page.content
    staff = client_for(organiser)
    answer = staff.get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF
    assert (
        "attachment" in answer["Content-Disposition"]
        and "report.pdf" in answer["Content-Disposition"]
    )
    assert "private" in answer["Cache-Control"] and answer["X-Content-Type-Options"] == "nosniff"
    services.circulate_agenda(actor=organiser, assembly=assembly)
    document.refresh_from_db()
    assert document.circulated_in == AgendaCirculation.objects.get()
    page = delegate.get(agenda)
    assert b"Activity report" in page.content and url.encode() in page.content
    answer = delegate.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    # The circulation's mail lists it and gives the members' address of the agenda.
    mail = OutboundMessage.objects.filter(kind="assembly-agenda").first()
    assert "활동 보고서" in mail.body and agenda in mail.body
    # A document added later stays private until the next (revised) circulation.
    later = attach(organiser, assembly, item, pdf("later.pdf"))
    later_url = reverse("assembly:document", args=["forum", "ga", later.pk])
    assert delegate.get(later_url).status_code == 404
    revised = services.circulate_agenda(actor=organiser, assembly=assembly)
    assert revised.version == 2 and delegate.get(later_url).status_code == 200
    # A registered delegate and the contact of a member's delegation read them too.
    contact, colleague = UserFactory(), UserFactory()
    delegation = Delegation.objects.create(
        summit=assembly.summit,
        organisation=rights[1].member.organisation,
        status="registered",
        contact=contact,
    )
    Delegate.objects.create(
        delegation=delegation,
        person=PersonFactory(organisation=delegation.organisation),
        user=colleague,
    )
    for user in (contact, colleague):
        assert client_for(user).get(url).status_code == 200
    # Nobody else: another user, anonymous, staff of another summit.
    elsewhere = SummitFactory(slug="elsewhere")
    from summitry.demo.loader import ensure_organisers_team

    ensure_organisers_team(elsewhere)
    for client in (client_for(UserFactory()), Client()):
        answer = client.get(url)
        assert answer.status_code in (302, 404)
        assert client.get(agenda).status_code in (302, 404)


def test_the_staffs_documents_page_attaches_and_removes_with_a_question(organiser):
    assembly, rights, item = make_assembly(members=2)
    staff = client_for(organiser)
    url = reverse("assembly:documents", args=["forum", "ga"])
    assert staff.get(url).status_code == 200
    answer = staff.post(
        url,
        {
            "target": f"item:{item.pk}",
            "title_ko": "",
            "title_en": "Budget tables",
            "language": "en",
            "file": pdf("budget.pdf"),
        },
        follow=True,
    )
    assert b"is attached" in answer.content
    document = AgendaDocument.objects.get()
    assert document.title_en == "Budget tables" and document.language == "en"
    # Bad input: said clearly, nothing stored.
    answer = staff.post(
        url,
        {"target": f"item:{item.pk}", "title_en": "x", "language": "en", "file": pdf("x.txt")},
        follow=True,
    )
    assert b"Attach a document of type" in answer.content
    answer = staff.post(
        url,
        {"target": "item:999999", "title_en": "x", "language": "en", "file": pdf()},
        follow=True,
    )
    assert b"Attach the document to an agenda item or to a motion" in answer.content
    assert AgendaDocument.objects.count() == 1
    # Korean too.
    korean = client_for(organiser, "ko").post(
        url, {"target": f"item:{item.pk}", "title_en": "x", "language": "en"}, follow=True
    )
    assert "파일을 선택하세요" in korean.content.decode()
    # A delegate may not.
    delegate = client_for(rights[0].delegate)
    assert delegate.get(url).status_code == 404
    assert delegate.post(url, {"target": f"item:{item.pk}", "file": pdf()}).status_code == 404
    remove = reverse("assembly:document-remove", args=["forum", "ga", document.pk])
    assert delegate.post(remove).status_code == 404
    asked = staff.post(remove)
    assert asked.status_code == 200 and AgendaDocument.objects.count() == 1
    staff.post(remove, {"confirmed": "1"})
    assert not AgendaDocument.objects.exists()


def _starting_in(assembly, days):
    assembly.starts_at = timezone.now() + datetime.timedelta(days=days)
    assembly.save(update_fields=["starts_at"])


def test_the_agenda_goes_out_on_its_own_n_days_before_once(organiser):
    assembly, rights, item = make_assembly(members=3)
    _starting_in(assembly, 20)
    services.set_auto_circulation(actor=organiser, assembly=assembly, days="14")
    attach(organiser, assembly, item)
    # 20 days before: not yet.
    assert tasks.circulate_due.apply().get() == 0
    assert not AgendaCirculation.objects.exists()
    # 14 days before (the schedule runs every few minutes): once, whoever runs it again.
    _starting_in(assembly, 13)
    assert tasks.circulate_due.apply().get() == 1
    assert tasks.circulate_due.apply().get() == 0
    assert services.circulate_due() == 0
    circulation = AgendaCirculation.objects.get()
    assert circulation.automatic and circulation.circulated_by is None
    assert circulation.recipients == 3 and circulation.mailed_at is not None
    assert OutboundMessage.objects.filter(kind="assembly-agenda").count() == 3
    assert AgendaDocument.objects.get().circulated_in == circulation
    # Staff still circulate a revised agenda by hand; the schedule does not again.
    item.title_en = "Budget 2024"
    item.save()
    assert services.circulate_due() == 0
    services.circulate_agenda(actor=organiser, assembly=assembly)
    assert AgendaCirculation.objects.count() == 2


def test_no_automatic_circulation_of_an_agenda_already_circulated_as_it_stands(organiser):
    assembly, _rights, _item = make_assembly(members=2)
    _starting_in(assembly, 5)
    services.circulate_agenda(actor=organiser, assembly=assembly)
    services.set_auto_circulation(actor=organiser, assembly=assembly, days=7)
    assert services.circulate_due() == 0
    assert AgendaCirculation.objects.count() == 1
    # Nor after the assembly started.
    _starting_in(assembly, -1)
    assembly.agenda.update(title_en="Changed")
    assert services.circulate_due() == 0


def test_the_days_are_typed_in_the_console_by_staff_only(organiser):
    assembly, rights, _item = make_assembly(members=2)
    url = reverse("assembly:auto-circulation", args=["forum", "ga"])
    staff = client_for(organiser)
    answer = staff.post(url, {"circulate_days_before": "7"}, follow=True)
    assert b"no start yet" in answer.content
    _starting_in(assembly, 30)
    for bad in ("0", "-3", "400", "seven"):
        answer = staff.post(url, {"circulate_days_before": bad}, follow=True)
        assert b"from 1 to 365" in answer.content
    assembly.refresh_from_db()
    assert assembly.circulate_days_before is None
    staff.post(url, {"circulate_days_before": "7"})
    assembly.refresh_from_db()
    assert assembly.circulate_days_before == 7
    page = staff.get(reverse("assembly:manage", args=["forum", "ga"]))
    assert b'id="circulate_days_before"' in page.content and b'value="7"' in page.content
    staff.post(url, {"circulate_days_before": ""})
    assembly.refresh_from_db()
    assert assembly.circulate_days_before is None
    assert (
        client_for(rights[0].delegate).post(url, {"circulate_days_before": "3"}).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        services.set_auto_circulation(actor=rights[0].delegate, assembly=assembly, days=3)


def test_the_api_lists_adds_downloads_and_removes_documents(organiser):
    from summitry.core.tokens import issue_token

    assembly, rights, item = make_assembly(members=2)
    staff = Client(headers={"Authorization": f"Bearer {issue_token(user=organiser, name='t')[1]}"})
    delegate_token = issue_token(user=rights[0].delegate, name="t")[1]
    delegate = Client(headers={"Authorization": f"Bearer {delegate_token}"})
    stranger = Client(
        headers={"Authorization": f"Bearer {issue_token(user=UserFactory(), name='t')[1]}"}
    )
    base = "/api/v1/summits/forum/assemblies/ga/documents"
    answer = staff.post(
        base,
        {"file": pdf(), "title_en": "Report", "language": "en", "agenda_item": item.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["title"] == {"ko": "", "en": "Report"} and body["circulated_in_version"] is None
    # Bad input: 400 with the reason, nothing stored.
    bad = staff.post(
        base,
        {"file": pdf("x.pdf", b"nope"), "title_en": "x", "agenda_item": item.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and "not a PDF" in bad.content.decode()
    assert staff.post(base, {"file": pdf(), "title_en": "x"}).status_code == 400
    assert staff.post(base, {"file": pdf(), "title_en": "x", "motion": 99999}).status_code == 404
    # Others may not add.
    assert (
        delegate.post(base, {"file": pdf(), "title_en": "x", "agenda_item": item.pk}).status_code
        == 403
    )
    assert Client().get(base).status_code == 401
    assert AgendaDocument.objects.count() == 1
    # Staff see it at once, members once circulated, strangers never.
    assert len(staff.get(base).json()) == 1
    assert delegate.get(base).json() == []
    assert stranger.get(base).status_code == 404
    download = body["download"]
    assert delegate.get(download).status_code == 404
    services.circulate_agenda(actor=organiser, assembly=assembly)
    listed = delegate.get(base).json()
    assert [d["id"] for d in listed] == [body["id"]] and listed[0]["circulated_in_version"] == 1
    answer = delegate.get(download)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF
    # Removing: staff only.
    assert delegate.delete(f"{base}/{body['id']}").status_code == 404
    assert staff.delete(f"{base}/{body['id']}").status_code == 204
    assert not AgendaDocument.objects.exists()


def test_the_circulation_job_is_on_the_beat_schedule(settings):
    from summitry.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["assembly-circulate-due"]
    assert entry["task"] == "summitry.assembly.tasks.circulate_due" and entry["task"] in app.tasks
    assert entry["schedule"] <= 600
