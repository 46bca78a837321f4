"""Pages of the press room."""

from django.urls import path

from . import views
from .feeds import ReleasesFeed

app_name = "press"
P = "<slug:slug>/press"
M = "<slug:slug>/manage/press"
urlpatterns = [
    path(f"{P}/", views.index, name="index"),
    path(f"{P}/live/", views.index_live, name="index-live"),
    path(f"{P}/feed.atom", ReleasesFeed(), name="feed"),
    path(f"{P}/<int:release_id>/", views.release_page, name="release"),
    path(f"{P}/<int:release_id>.pdf", views.release_pdf, name="release-pdf"),
    path(f"{P}/accreditation/", views.accreditation, name="accreditation"),
    path(
        f"{P}/accreditation/<int:accreditation_id>/card",
        views.press_card,
        name="press-card",
    ),
    path(f"{M}/", views.manage, name="manage"),
    path(f"{M}/new/", views.release_new, name="release-new"),
    path(f"{M}/<int:release_id>/", views.release_edit, name="release-edit"),
    path(f"{M}/<int:release_id>/status/", views.release_action, name="release-action"),
    path(f"{M}/<int:release_id>/contacts/", views.contact_add, name="contact-add"),
    path(
        f"{M}/<int:release_id>/contacts/<int:contact_id>/remove/",
        views.contact_remove,
        name="contact-remove",
    ),
    path(f"{M}/accreditations/", views.accreditations, name="accreditations"),
    path(
        f"{M}/accreditations/<int:accreditation_id>/decide/",
        views.accreditation_decide,
        name="accreditation-decide",
    ),
]
