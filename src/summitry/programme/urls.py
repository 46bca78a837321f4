"""Public pages of the programme."""

from django.urls import path

from . import console_views, item_views, signup_views, views

app_name = "programme"
urlpatterns = [
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/programme.ics", views.calendar, name="calendar"),
    path("<slug:slug>/programme/publish/", views.publish, name="publish"),
    path("<slug:slug>/programme/schedule.<str:fmt>", views.schedule, name="schedule"),
    path("<slug:slug>/programme/changes/", views.changes, name="changes"),
    path("<slug:slug>/programme/clashes/", views.clashes, name="clashes"),
    path("<slug:slug>/manage/programme/", console_views.manage, name="manage"),
    path("<slug:slug>/manage/programme/items/new/", console_views.item_new, name="item-new"),
    path(
        "<slug:slug>/manage/programme/items/<int:item_id>/",
        console_views.item_edit,
        name="item-edit",
    ),
    path(
        "<slug:slug>/manage/programme/items/<int:item_id>/talks/",
        console_views.item_talk,
        name="item-talk",
    ),
    path(
        "<slug:slug>/manage/programme/items/<int:item_id>/delete/",
        console_views.item_delete,
        name="item-delete",
    ),
    path(
        "<slug:slug>/manage/programme/items/<int:item_id>/move/",
        console_views.item_move,
        name="item-move",
    ),
    path("<slug:slug>/manage/programme/sign-ups/", views.signups_overview, name="signups"),
    path(
        "<slug:slug>/manage/programme/sign-ups/<int:item_id>/",
        signup_views.signup_list,
        name="signup-list",
    ),
    path("<slug:slug>/programme/<int:item_id>/", item_views.item, name="item"),
    path("<slug:slug>/programme/<int:item_id>.ics", item_views.item_calendar, name="item-calendar"),
    path("<slug:slug>/programme/<int:item_id>/signup/", views.signup, name="signup"),
    path("<slug:slug>/itinerary/<int:delegate_id>/", views.itinerary, name="itinerary"),
    path("<slug:slug>/itinerary/<int:delegate_id>.pdf", views.itinerary_pdf, name="itinerary-pdf"),
    path("<slug:slug>/itinerary/<str:token>.ics", views.itinerary_feed, name="itinerary-feed"),
    path(
        "<slug:slug>/itinerary/<int:delegate_id>/feed/renew/",
        views.rotate_feed,
        name="itinerary-feed-renew",
    ),
]
