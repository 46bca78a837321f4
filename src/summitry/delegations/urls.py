"""Pages of delegations and registration."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import access, views

app_name = "delegations"
urlpatterns = [
    path("invitations/<str:secret>/", views.claim, name="claim"),
    # A delegate's link to set the password of the account made for them: Django's
    # single-use, expiring token, also bound to the records the account reaches.
    path(
        "accounts/access/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/set_password.html",
            token_generator=access.member_access_tokens,
            post_reset_login=True,
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
            success_url=reverse_lazy("me"),
        ),
        name="access",
    ),
    # The owner of an existing account confirms that a registration is theirs.
    path("accounts/link/<str:token>/", views.confirm_link, name="confirm-link"),
    path(
        "<slug:slug>/delegations/<int:delegation_id>/members/<int:member_id>/photo",
        views.member_photo,
        name="member-photo",
    ),
    path("<slug:slug>/me/<int:member_id>/", views.my_record_edit, name="mine-edit"),
    path(
        "<slug:slug>/delegations/<int:delegation_id>/members/<int:member_id>/access/",
        views.member_access,
        name="member-access",
    ),
    path("<slug:slug>/delegations/<int:delegation_id>/", views.detail, name="detail"),
    path("<slug:slug>/delegations/<int:delegation_id>/status/", views.change_status, name="status"),
    path(
        "<slug:slug>/delegations/<int:delegation_id>/members/<int:member_id>/",
        views.member_edit,
        name="member",
    ),
    path(
        "<slug:slug>/delegations/<int:delegation_id>/members/<int:member_id>/cancel/",
        views.member_cancel,
        name="member-cancel",
    ),
    path("<slug:slug>/manage/delegations/", views.manage, name="manage"),
    path("<slug:slug>/manage/delegations/bulk/", views.bulk, name="bulk"),
    path("<slug:slug>/manage/members/", views.members, name="members"),
    path("<slug:slug>/manage/counts/", views.counts, name="counts"),
    path("<slug:slug>/manage/reminders/", views.reminders, name="reminders"),
    path("<slug:slug>/manage/delegations/export.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/manage/delegations/import/", views.import_contacts, name="import"),
    path(
        "<slug:slug>/manage/delegations/import/runs/<int:run_id>/",
        views.import_run,
        name="import-run",
    ),
    path(
        "<slug:slug>/delegations/<int:delegation_id>/members/<int:member_id>/erase/",
        views.member_erase,
        name="member-erase",
    ),
]
