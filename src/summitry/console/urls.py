"""Pages of the console: /manage/ (my summits) and /<summit>/manage/ (its back office)."""

from django.urls import path

from . import exportviews, mailviews, views

app_name = "console"
urlpatterns = [
    path("manage/", views.summits, name="summits"),
    path("accounts/welcome/", views.landing, name="landing"),
    path("team/join/<str:secret>/", views.join, name="join"),
    path("<slug:slug>/manage/", views.dashboard, name="dashboard"),
    path("<slug:slug>/manage/settings/", views.settings_page, name="settings"),
    path("<slug:slug>/manage/teams/", views.teams, name="teams"),
    path("<slug:slug>/manage/teams/<int:team_id>/", views.team, name="team"),
    path("<slug:slug>/manage/teams/<int:team_id>/delete/", views.delete_team, name="team-delete"),
    path(
        "<slug:slug>/manage/teams/<int:team_id>/members/<int:user_id>/remove/",
        views.remove_member,
        name="member-remove",
    ),
    path(
        "<slug:slug>/manage/teams/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="invitation-revoke",
    ),
    path("<slug:slug>/manage/outbox/", views.outbox, name="outbox"),
    path("<slug:slug>/manage/outbox/<int:message_id>/", views.outbox_message, name="message"),
    path("<slug:slug>/manage/audit/", views.audit, name="audit"),
    path("<slug:slug>/manage/mails/", mailviews.index, name="mail-templates"),
    path(
        "<slug:slug>/manage/mails/<str:key>/<str:language>/",
        mailviews.edit,
        name="mail-template",
    ),
    path("<slug:slug>/manage/exports/", exportviews.index, name="exports"),
    path("<slug:slug>/manage/exports/start/", exportviews.start, name="export-start"),
    path("<slug:slug>/manage/exports/<int:run_id>/", exportviews.detail, name="export"),
    path(
        "<slug:slug>/manage/exports/<int:run_id>/file/",
        exportviews.download,
        name="export-file",
    ),
]
