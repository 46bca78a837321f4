"""Pages of online items: the console's section and an item's "watch online" page."""

from django.urls import path

from . import views

app_name = "online"
C = "<slug:slug>/manage/online"
urlpatterns = [
    path(f"{C}/", views.items, name="items"),
    path(f"{C}/items/<int:item_id>/", views.item, name="item"),
    path(f"{C}/items/<int:item_id>/streams/", views.stream_add, name="stream-add"),
    path(f"{C}/streams/<int:stream_id>/delete/", views.stream_delete, name="stream-delete"),
    path(f"{C}/interpreters/", views.interpreters, name="interpreters"),
    path(
        f"{C}/interpreters/<int:interpreter_id>/delete/",
        views.interpreter_delete,
        name="interpreter-delete",
    ),
    path(f"{C}/roster/", views.roster_page, name="roster"),
    path(f"{C}/roster/plan/", views.roster_plan, name="roster-plan"),
    path(f"{C}/roster/assign/", views.assign, name="assign"),
    path(f"{C}/roster/<int:assignment_id>/remove/", views.unassign, name="unassign"),
    path("<slug:slug>/programme/<int:item_id>/online/", views.watch, name="watch"),
]
