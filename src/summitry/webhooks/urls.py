"""Console pages of webhooks."""

from django.urls import path

from . import views

app_name = "webhooks"
W = "<slug:slug>/manage/webhooks"
S = f"{W}/<int:subscription_id>"
urlpatterns = [
    path(f"{W}/", views.index, name="index"),
    path(f"{W}/new/", views.new, name="new"),
    path(f"{S}/", views.subscription_page, name="subscription"),
    path(f"{S}/edit/", views.edit, name="edit"),
    path(f"{S}/ping/", views.ping, name="ping"),
    path(f"{S}/pause/", views.pause, name="pause"),
    path(f"{S}/resume/", views.resume, name="resume"),
    path(f"{S}/secret/", views.rotate_secret, name="rotate-secret"),
    path(f"{S}/delete/", views.delete, name="delete"),
    path(f"{S}/deliveries/<int:delivery_id>/", views.delivery_page, name="delivery"),
]
