"""Public pages of the programme."""

from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/programme.ics", views.calendar, name="calendar"),
]
