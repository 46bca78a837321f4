"""Pages of exhibitions: the public guide, the exhibitor's own pages, the console's."""

from django.urls import path

from . import views

app_name = "exhibitions"
P = "<slug:slug>/exhibitions"
E = "<slug:slug>/exhibitions/<slug:exhibition_slug>"
M = "<slug:slug>/manage/exhibitions"
ME = "<slug:slug>/manage/exhibitions/<slug:exhibition_slug>"
urlpatterns = [
    path(f"{P}/", views.index, name="index"),
    path(f"{E}/", views.guide, name="guide"),
    path(f"{E}/exhibitors/<int:exhibitor_id>/", views.exhibitor_page, name="exhibitor"),
    path(f"{E}/booths/<str:code>/", views.booth_page, name="booth"),
    path(f"{E}/booths/<str:code>/qr.svg", views.booth_qr, name="booth-qr"),
    path(f"{E}/plans/<int:plan_id>/drawing", views.plan_drawing, name="plan-drawing"),
    path(f"{E}/booths/<str:code>/contact/", views.leave_contact, name="leave-contact"),
    path(f"{E}/mine/leads/", views.leads, name="leads"),
    path(f"{E}/mine/leads.csv", views.leads_csv, name="leads-csv"),
    path(f"{E}/apply/", views.apply, name="apply"),
    path(f"{E}/mine/", views.mine, name="mine"),
    path(f"{E}/mine/products/", views.product_add, name="product-add"),
    path(f"{E}/mine/staff/", views.staff_add, name="staff-add"),
    path(f"{E}/mine/booths/<str:code>/accept/", views.booth_accept, name="booth-accept"),
    path(f"{E}/mine/staff/<int:staff_id>/remove/", views.staff_remove, name="staff-remove"),
    path(
        f"{E}/mine/products/<int:product_id>/remove/",
        views.product_remove,
        name="product-remove",
    ),
    path(f"{E}/photos/<int:photo_id>/<str:size>/", views.photo, name="photo"),
    path(f"{E}/mine/products/<int:product_id>/photos/", views.photo_add, name="photo-add"),
    path(f"{E}/mine/photos/<int:photo_id>/", views.photo_edit, name="photo-edit"),
    path(f"{M}/", views.manage, name="manage"),
    path(f"{ME}/", views.manage_exhibition, name="manage-exhibition"),
    path(f"{ME}/settings/", views.exhibition_settings, name="settings"),
    path(f"{ME}/themes/", views.theme_add, name="theme-add"),
    path(f"{ME}/hours/", views.hours_add, name="hours-add"),
    path(f"{ME}/plans/", views.plan_add, name="plan-add"),
    path(f"{ME}/booths/", views.booth_add, name="booth-add"),
    path(f"{ME}/booths/<int:booth_id>/", views.manage_booth, name="manage-booth"),
    path(f"{ME}/booths/signs/", views.booth_signs, name="booth-signs"),
    path(f"{ME}/booths/signs/<int:run_id>.pdf", views.booth_signs_file, name="booth-signs-file"),
    path(f"{ME}/exhibitors/<int:exhibitor_id>/", views.manage_exhibitor, name="manage-exhibitor"),
    path(
        f"{ME}/exhibitors/<int:exhibitor_id>/staff/",
        views.staff_decide,
        name="staff-decide",
    ),
    path(
        f"{ME}/exhibitors/<int:exhibitor_id>/action/",
        views.exhibitor_action,
        name="exhibitor-action",
    ),
]

# Investor relations (ir_views).
from . import ir_views  # noqa: E402

IR = "<slug:slug>/ir/<int:session_id>"
MIR = "<slug:slug>/manage/ir"
urlpatterns += [
    path(f"{IR}/", ir_views.home, name="ir"),
    path(f"{IR}/act/", ir_views.act, name="ir-act"),
    path(f"{IR}/register/", ir_views.sign_up, name="ir-sign-up"),
    path(f"{IR}/schedule/", ir_views.schedule, name="ir-schedule"),
    path(f"{IR}/schedule.pdf", ir_views.schedule_pdf, name="ir-schedule-pdf"),
    path(f"{IR}/companies/<int:company_id>/deck.pdf", ir_views.deck, name="ir-deck"),
    path("<slug:slug>/ir/calendar/<str:token>.ics", ir_views.calendar, name="ir-calendar"),
    path(f"{MIR}/", ir_views.manage, name="ir-manage"),
    path(f"{MIR}/<int:session_id>/", ir_views.manage_session, name="ir-manage-session"),
    path(f"{MIR}/<int:session_id>/run/", ir_views.run_progress, name="ir-run"),
    path(f"{MIR}/<int:session_id>/tables/", ir_views.tables, name="ir-tables"),
]
