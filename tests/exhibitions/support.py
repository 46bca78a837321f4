"""An exhibition to test with, and its pages and API reads for the permission matrix."""

from __future__ import annotations

from summitry.exhibitions import services

from .ir_support import ir_pages, ir_reads


def make_exhibition(summit, actor, *, slug="lifestyle", is_public=True, several=False):
    exhibition = services.create_exhibition(
        actor=actor,
        summit=summit,
        data={
            "slug": slug,
            "title": {"ko": "첨단 라이프스타일 전시", "en": "Advanced Lifestyle Exhibition"},
            "hall": {"ko": "디자인랩 2층", "en": "Design Lab 2F"},
            "is_public": is_public,
            "allows_several_booths": several,
        },
    )
    theme = services.add_theme(
        actor=actor, exhibition=exhibition, name={"ko": "로봇기업", "en": "Robot Enterprise"}
    )
    plan = services.add_plan(
        actor=actor, exhibition=exhibition, name={"ko": "2층", "en": "2F"}, width=400, height=200
    )
    for number in range(1, 4):
        services.add_booth(
            actor=actor, plan=plan, code=f"A-0{number}", x=number * 100, y=20, w=80, h=60,
            theme=theme,
        )  # fmt: skip
    return exhibition


def make_exhibitor(exhibition, user, name_en="Robots Inc", *, submit=True):
    exhibitor = services.apply(
        actor=user,
        exhibition=exhibition,
        data={
            "name": {"ko": "로봇주식회사", "en": name_en},
            "description": {"ko": "4족 보행 로봇", "en": "A four-legged robot"},
            "theme": exhibition.themes.first(),
        },
    )
    if submit:
        services.submit(actor=user, exhibitor=exhibitor)
    return exhibitor


def exhibitions_world(summit, organiser, applicant):
    """A public exhibition; the applicant's submitted (unpublished) profile on booth A-01."""
    exhibition = make_exhibition(summit, organiser)
    exhibitor = make_exhibitor(exhibition, applicant)
    booth = exhibition.booths.get(code="A-01")
    services.assign_booth(actor=organiser, booth=booth, exhibitor=exhibitor)
    return exhibition, exhibitor, booth


def exhibitions_pages(w, s, everyone, public, console) -> dict:
    """The applicant (role ``applicant``) is the exhibitor of the world's exhibition."""
    e = {**s, "exhibition_slug": w.exhibition.slug}
    signed_in = {**everyone(200), "anonymous": 302}
    own_post = {**everyone(404), "anonymous": 302, "applicant": 302}
    no_photo = {**everyone(404), "anonymous": 302}
    return {
        "exhibitions:index": (s, public, "get"),
        "exhibitions:guide": (e, public, "get"),
        # Submitted, not published: not in the guide for anyone (staff read it in the console).
        "exhibitions:exhibitor": ({**e, "exhibitor_id": w.exhibitor.pk}, everyone(404), "get"),
        "exhibitions:booth": ({**e, "code": "A-01"}, public, "get"),
        "exhibitions:booth-qr": ({**e, "code": "A-01"}, public, "get"),
        # The plan has no uploaded drawing.
        "exhibitions:plan-drawing": ({**e, "plan_id": w.booth.plan_id}, everyone(404), "get"),
        # Who has applied goes to their profile; who has not, to the form.
        "exhibitions:apply": (e, {**signed_in, "applicant": 302}, "get"),
        "exhibitions:mine": (e, {**everyone(302), "applicant": 200}, "get"),
        "exhibitions:product-add": (e, own_post, "post"),
        "exhibitions:booth-accept": ({**e, "code": "A-01"}, own_post, "post"),
        "exhibitions:product-remove": ({**e, "product_id": 1}, own_post, "post"),
        # Booth staff: the exhibitor's own (an empty form comes back with its errors).
        "exhibitions:staff-add": (e, own_post, "post"),
        "exhibitions:staff-remove": ({**e, "staff_id": 0}, {**own_post, "applicant": 404}, "post"),
        # Leads: the world's exhibitor is not published, so no contact is left at its booth;
        # an exhibitor's leads are its own (no one else's page, not even staff's).
        "exhibitions:leave-contact": (
            {**e, "code": "A-01"},
            {**everyone(404), "anonymous": 302},
            "get",
        ),
        "exhibitions:leads": (e, {**own_post, "applicant": 200}, "get"),
        # Product photos: none in the world (each way is tested in test_photos).
        "exhibitions:photo": ({**e, "photo_id": 0, "size": "thumb"}, everyone(404), "get"),
        "exhibitions:photo-add": ({**e, "product_id": 0}, no_photo, "post"),
        "exhibitions:photo-edit": ({**e, "photo_id": 0}, no_photo, "post"),
        "exhibitions:leads-csv": (e, {**own_post, "applicant": 200}, "get"),
        "exhibitions:manage": (s, console, "get"),
        "exhibitions:manage-exhibition": (e, console, "get"),
        "exhibitions:settings": (e, console, "post"),
        "exhibitions:theme-add": (e, console, "post"),
        "exhibitions:hours-add": (e, console, "post"),
        "exhibitions:plan-add": (e, console, "post"),
        "exhibitions:booth-add": (e, console, "post"),
        "exhibitions:manage-booth": ({**e, "booth_id": w.booth.pk}, console, "get"),
        "exhibitions:booth-signs": (e, console, "get"),
        # No run has made a PDF: staff get 404 too.
        "exhibitions:booth-signs-file": ({**e, "run_id": 0}, {**console, "staff": 404}, "get"),
        "exhibitions:manage-exhibitor": ({**e, "exhibitor_id": w.exhibitor.pk}, console, "get"),
        "exhibitions:exhibitor-action": ({**e, "exhibitor_id": w.exhibitor.pk}, console, "post"),
        "exhibitions:staff-decide": ({**e, "exhibitor_id": w.exhibitor.pk}, console, "post"),
        **ir_pages(w, s, everyone, console),
    }


def exhibitions_reads(w, f, public) -> dict:
    e = f"{f}/exhibitions/{w.exhibition.slug}"
    return {
        "list_exhibitions": (f"{f}/exhibitions", public),
        "list_exhibition_booths": (f"{e}/booths", public),
        "list_exhibition_exhibitors": (f"{e}/exhibitors", public),
        "list_exhibition_leads": (
            f"{e}/leads",
            {**dict.fromkeys(public, 404), "anonymous": 401, "applicant": 200},
        ),
        "list_my_exhibition_products": (
            f"{e}/mine/products",
            {**dict.fromkeys(public, 404), "anonymous": 401, "applicant": 200},
        ),
        "exhibition_visit_counts": (
            f"{e}/visits",
            {**dict.fromkeys(public, 403), "anonymous": 401, "staff": 200},
        ),
        "list_my_booth_staff": (
            f"{e}/mine/staff",
            {**dict.fromkeys(public, 404), "anonymous": 401, "applicant": 200},
        ),
        "list_booth_staff": (
            f"{e}/exhibitors/{w.exhibitor.pk}/staff",
            {**dict.fromkeys(public, 403), "anonymous": 401, "staff": 200},
        ),
        **ir_reads(w, f, lambda status: dict.fromkeys(public, status)),
    }
