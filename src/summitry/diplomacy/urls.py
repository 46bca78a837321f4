"""Pages of diplomacy."""

from django.urls import path

from . import views

app_name = "diplomacy"
urlpatterns = [
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/diplomacy/meetings/", views.meetings, name="meetings"),
    path("<slug:slug>/diplomacy/meetings/new/", views.new_request, name="new"),
    path("<slug:slug>/diplomacy/meetings/<int:request_id>/", views.request_detail, name="request"),
    path(
        "<slug:slug>/diplomacy/meetings/<int:request_id>/cancel/",
        views.cancel_request,
        name="cancel",
    ),
    path(
        "<slug:slug>/diplomacy/meetings/<int:request_id>/seating/",
        views.meeting_seating,
        name="meeting-seating",
    ),
    path("<slug:slug>/diplomacy/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/diplomacy/settings/", views.meeting_settings, name="settings"),
    path(
        "<slug:slug>/diplomacy/interpreters/<int:interpreter_id>/remove/",
        views.remove_interpreter,
        name="remove-interpreter",
    ),
    path("<slug:slug>/diplomacy/schedule/run/", views.run, name="run"),
    path(
        "<slug:slug>/diplomacy/schedule/runs/<int:run_id>/",
        views.run_progress,
        name="run-progress",
    ),
    path("<slug:slug>/diplomacy/schedule/publish/", views.publish, name="publish"),
    path("<slug:slug>/diplomacy/schedule/<int:request_id>/pin/", views.pin, name="pin"),
    path("<slug:slug>/diplomacy/schedule/<int:request_id>/move/", views.move, name="move"),
    path("<slug:slug>/diplomacy/gifts/", views.gifts, name="gifts"),
    path("<slug:slug>/diplomacy/gifts/export.<str:fmt>", views.gifts_export, name="gifts-export"),
    path("<slug:slug>/diplomacy/agreements/", views.agreements, name="agreements"),
    path(
        "<slug:slug>/diplomacy/agreements/<int:agreement_id>/",
        views.agreement_detail,
        name="agreement",
    ),
    path(
        "<slug:slug>/diplomacy/agreements/<int:agreement_id>/seating/",
        views.agreement_seating,
        name="agreement-seating",
    ),
    path(
        "<slug:slug>/diplomacy/documents/<int:document_id>",
        views.document,
        name="document",
    ),
]
