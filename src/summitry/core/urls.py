"""Account pages everyone has: sign-in, password reset and change, API tokens."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts_views as views
from . import operations

urlpatterns = [
    path("health/", operations.health, name="health"),
    path("metrics", operations.metrics, name="metrics"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", views.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/password/changed/", views.password_change_done, name="password_change_done"),
    path("accounts/me/", views.me, name="me"),
    path("accounts/tokens/", views.api_tokens, name="api-tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="api-token-revoke"),
]
