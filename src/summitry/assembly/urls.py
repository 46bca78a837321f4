"""Pages of assemblies: the chair's console, the voting page, the projector, the bulletin."""

from django.urls import path

from . import views

app_name = "assembly"
A = "<slug:slug>/assemblies/<slug:assembly_slug>"
M = "<slug:slug>/manage/assemblies/<slug:assembly_slug>"
urlpatterns = [
    path(f"{A}/vote/", views.vote, name="vote"),
    path(f"{A}/motions/", views.motions, name="motions"),
    path(f"{A}/agenda/", views.agenda, name="agenda"),
    path(f"{A}/documents/<int:document_id>/", views.document, name="document"),
    path(f"{A}/projector/", views.projector, name="projector"),
    path(f"{A}/projector/live/", views.projector_live, name="projector-live"),
    path(f"{A}/polls/<int:poll_id>/bulletin/", views.bulletin, name="bulletin"),
    path(f"{A}/polls/<int:poll_id>/bulletin.json", views.bulletin_json, name="bulletin-json"),
    path(
        f"{A}/declarations/<int:motion_id>.pdf",
        views.declaration_pdf,
        name="declaration-pdf",
    ),
    path(f"{A}/declarations/<int:motion_id>/", views.declaration, name="declaration"),
    path(f"{A}/minutes/", views.public_minutes, name="public-minutes"),
    path(f"{A}/minutes.pdf", views.public_minutes_pdf, name="public-minutes-pdf"),
    path(f"{M}/agenda/<int:item_id>/minutes/", views.link_minutes, name="link-minutes"),
    path(
        f"{M}/declarations/<int:motion_id>/signatories/",
        views.signatories,
        name="signatories",
    ),
    path(
        f"{M}/declarations/<int:motion_id>/signatories/<int:signatory_id>/remove/",
        views.signatory_remove,
        name="signatory-remove",
    ),
    path(f"{M}/minutes/", views.minutes, name="minutes"),
    path(f"{M}/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("<slug:slug>/manage/assemblies/", views.manage_index, name="manage-index"),
    path(f"{M}/", views.manage, name="manage"),
    path(f"{M}/live/", views.manage_live, name="manage-live"),
    path(f"{M}/kiosk/", views.kiosk, name="kiosk"),
    path(f"{M}/rights/<int:right_id>/pin/", views.kiosk_pin, name="kiosk-pin"),
    path(f"{M}/rules/", views.assembly_rules, name="rules"),
    path(f"{M}/setup/", views.setup, name="setup"),
    path(f"{M}/setup/items/<int:item_id>/", views.setup_item, name="setup-item"),
    path(
        f"{M}/setup/items/<int:item_id>/delete/",
        views.setup_item_delete,
        name="setup-item-delete",
    ),
    path(f"{M}/setup/votes/<int:poll_id>/", views.setup_poll, name="setup-poll"),
    path(
        f"{M}/setup/votes/<int:poll_id>/delete/",
        views.setup_poll_delete,
        name="setup-poll-delete",
    ),
    path(f"{M}/circulate/", views.circulate, name="circulate"),
    path(f"{M}/circulate/schedule/", views.auto_circulation, name="auto-circulation"),
    path(f"{M}/documents/", views.documents, name="documents"),
    path(
        f"{M}/documents/<int:document_id>/remove/",
        views.document_remove,
        name="document-remove",
    ),
    path(f"{M}/motions/<int:motion_id>/move/", views.move_motion, name="motion-move"),
    path(f"{M}/rights/<int:right_id>/presence/", views.presence, name="presence"),
    path(f"{M}/rights/<int:right_id>/delegates/", views.delegates, name="delegates"),
    path(f"{M}/polls/<int:poll_id>/open/", views.open_poll, name="open"),
    path(f"{M}/polls/<int:poll_id>/close/", views.close_poll, name="close"),
    path(f"{M}/polls/<int:poll_id>/runoff/", views.runoff, name="runoff"),
]
