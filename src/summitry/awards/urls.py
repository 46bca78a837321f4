"""Pages of awards."""

from django.urls import path

from . import views

app_name = "awards"
A = "<slug:slug>/awards/<slug:award_slug>"
urlpatterns = [
    path("accounts/applications/", views.my_applications, name="mine"),
    path(f"{A}/", views.award_page, name="award"),
    path(f"{A}/winners/", views.winners_page, name="winners"),
    path(f"{A}/winners/<int:winner_id>/certificate.pdf", views.certificate, name="certificate"),
    path(f"{A}/sign-up/", views.sign_up, name="sign-up"),
    path(f"{A}/apply/", views.apply, name="apply"),
    path(f"{A}/applications/<int:application_id>/", views.application_page, name="application"),
    path(f"{A}/applications/<int:application_id>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{A}/applications/<int:application_id>/screen/", views.screen, name="screen"),
    path(
        f"{A}/applications/<int:application_id>/files/<int:answer_id>",
        views.answer_file,
        name="file",
    ),
    path("<slug:slug>/manage/awards/", views.manage_index, name="manage-index"),
    path("<slug:slug>/manage/awards/<slug:award_slug>/", views.manage, name="manage"),
    path("<slug:slug>/manage/awards/<slug:award_slug>/export.xlsx", views.export, name="export"),
]
