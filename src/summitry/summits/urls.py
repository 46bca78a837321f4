"""Public pages of summits."""

from django.urls import path

from . import views

app_name = "summits"
urlpatterns = [
    path("", views.summit_index, name="index"),
    path("<slug:slug>/", views.summit_home, name="home"),
]
