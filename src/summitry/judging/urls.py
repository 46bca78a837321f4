"""Pages of judging."""

from django.urls import path

from . import views

app_name = "judging"
urlpatterns = [
    path("judging/", views.home, name="home"),
    path("<slug:slug>/judging/", views.dashboard, name="dashboard"),
    path("<slug:slug>/judging/profile/", views.profile, name="profile"),
    path(
        "<slug:slug>/judging/rounds/<int:round_id>/applications/<int:application_id>/",
        views.score,
        name="score",
    ),
    path(
        "<slug:slug>/judging/rounds/<int:round_id>/applications/<int:application_id>/conflict/",
        views.declare_conflict,
        name="conflict",
    ),
    path("<slug:slug>/judging/files/<int:answer_id>/", views.answer_file, name="file"),
    path("<slug:slug>/manage/judging/", views.manage, name="manage"),
    path("<slug:slug>/manage/judging/rounds/<int:round_id>/", views.round_detail, name="round"),
    path(
        "<slug:slug>/manage/judging/rounds/<int:round_id>/assign/",
        views.run_assignment,
        name="assign",
    ),
    path(
        "<slug:slug>/manage/judging/rounds/<int:round_id>/assign/runs/<int:run_id>/",
        views.assignment_run,
        name="assign-run",
    ),
    path(
        "<slug:slug>/manage/judging/rounds/<int:round_id>/results/",
        views.round_results,
        name="results",
    ),
]
