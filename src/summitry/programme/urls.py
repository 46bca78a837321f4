"""Public pages of the programme."""

from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/programme.ics", views.calendar, name="calendar"),
    path("<slug:slug>/programme/publish/", views.publish, name="publish"),
    path("<slug:slug>/programme/schedule.<str:fmt>", views.schedule, name="schedule"),
    path("<slug:slug>/programme/changes/", views.changes, name="changes"),
    path("<slug:slug>/programme/clashes/", views.clashes, name="clashes"),
    path("<slug:slug>/manage/programme/", views.manage, name="manage"),
    path("<slug:slug>/manage/programme/sign-ups/", views.signups_overview, name="signups"),
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
