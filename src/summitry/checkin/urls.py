"""Pages of check-in."""

from django.urls import path

from . import views

app_name = "checkin"
M = "<slug:slug>/manage/checkin"
urlpatterns = [
    path(f"{M}/", views.badges, name="badges"),
    path(f"{M}/bulk/", views.bulk, name="bulk"),
    path(f"{M}/holders/", views.holder_badges, name="holders"),
    path(f"{M}/holders/bulk/", views.holder_bulk, name="holders-bulk"),
    path(f"{M}/badges/<int:badge_id>/revoke/", views.revoke, name="revoke"),
    path(f"{M}/badges/<int:badge_id>/badge.pdf", views.badge_pdf, name="badge-pdf"),
    path(f"{M}/badges/<int:badge_id>/photo", views.photo, name="photo"),
    path(
        f"{M}/delegations/<int:delegation_id>/badges.pdf",
        views.delegation_pdf,
        name="delegation-pdf",
    ),
    path(f"{M}/scanner/", views.scanner, name="scanner"),
    path(f"{M}/scanner/sync/", views.scanner_sync, name="scanner-sync"),
    path(f"{M}/scanner/worker.js", views.scanner_worker, name="scanner-worker"),
    path(f"{M}/scanner/offline.json", views.scanner_offline, name="scanner-offline"),
    path(f"{M}/roles/", views.role_categories, name="role-categories"),
    path(f"{M}/inside/", views.inside, name="inside"),
    path(f"{M}/attendance/", views.attendance, name="attendance"),
    path(
        f"{M}/attendance.<str:fmt>",
        views.attendance_export,
        name="attendance-export",
    ),
    path(f"{M}/inside/live/", views.inside_live, name="inside-live"),
    path(f"{M}/prints/", views.print_unprinted, name="print"),
    path(f"{M}/layouts/", views.layouts, name="layouts"),
    path(f"{M}/layouts/<int:layout_id>/", views.layout, name="layout"),
    path(
        f"{M}/layouts/<int:layout_id>/preview.<str:fmt>",
        views.layout_preview,
        name="layout-preview",
    ),
    path(
        f"{M}/layouts/<int:layout_id>/duplicate/", views.layout_duplicate, name="layout-duplicate"
    ),
    path(f"{M}/layouts/<int:layout_id>/delete/", views.layout_delete, name="layout-delete"),
    path(f"{M}/prints/<int:print_id>.pdf", views.print_file, name="print-file"),
]
