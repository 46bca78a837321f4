"""Pages of the press room."""

from django.urls import path

from . import attachment_views, kit_views, mailing_views, report_views, sitemap, views
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
    path(f"{P}/subscribe/", mailing_views.subscribe, name="subscribe"),
    path(
        f"{P}/subscribe/<str:token>/",
        mailing_views.subscribe_confirm,
        name="subscribe-confirm",
    ),
    path(f"{P}/unsubscribe/<str:token>/", mailing_views.unsubscribe, name="unsubscribe"),
    path(f"{M}/mailings/", mailing_views.mailing_list, name="mailings"),
    path(f"{M}/mailings/new/", mailing_views.mailing_new, name="mailing-new"),
    path(f"{M}/mailings/<int:mailing_id>/", mailing_views.mailing_detail, name="mailing"),
    path(f"{M}/mailings/<int:mailing_id>/send/", mailing_views.mailing_send, name="mailing-send"),
    path(f"{M}/mailings/<int:mailing_id>/test/", mailing_views.mailing_test, name="mailing-test"),
    path(
        f"{M}/mailings/<int:mailing_id>/recipients/<int:recipient_id>/bounced/",
        mailing_views.recipient_bounce,
        name="recipient-bounce",
    ),
    path(f"{M}/left-out/", mailing_views.left_out, name="left-out"),
    path(
        f"{M}/left-out/<slug:kind>/<int:address_id>/again/",
        mailing_views.resubscribe,
        name="resubscribe",
    ),
    path(f"{M}/lists/", mailing_views.lists, name="lists"),
    path(f"{M}/lists/<int:list_id>/", mailing_views.list_detail, name="list"),
    path(f"{M}/lists/<int:list_id>/delete/", mailing_views.list_delete, name="list-delete"),
    path(
        f"{M}/lists/<int:list_id>/remove/<int:entry_id>/",
        mailing_views.list_entry_remove,
        name="list-entry-remove",
    ),
    path(f"{M}/templates/", mailing_views.templates, name="templates"),
    path(f"{M}/templates/<slug:kind>/", mailing_views.template_edit, name="template"),
    path(
        f"{M}/templates/<slug:kind>/reset/",
        mailing_views.template_reset,
        name="template-reset",
    ),
    path(f"{M}/report/", report_views.reports, name="reports"),
    path(
        f"{M}/report/<int:report_id>/publish/",
        report_views.report_publish,
        name="report-publish",
    ),
    path(f"{M}/coverage/", report_views.coverage, name="coverage"),
    path(
        f"{M}/coverage/<int:coverage_id>/remove/",
        report_views.coverage_remove,
        name="coverage-remove",
    ),
    path(f"{P}/report/", report_views.public_report, name="report"),
    path(
        f"{M}/report/<int:report_id>.<slug:kind>",
        report_views.report_file,
        name="report-file",
    ),
    path(
        f"{P}/<int:release_id>/files/<int:attachment_id>",
        attachment_views.attachment,
        name="attachment",
    ),
    path(
        f"{M}/<int:release_id>/files/",
        attachment_views.attachment_add,
        name="attachment-add",
    ),
    path(
        f"{M}/<int:release_id>/files/<int:attachment_id>/remove/",
        attachment_views.attachment_remove,
        name="attachment-remove",
    ),
    path(f"{P}/sitemap.xml", sitemap.sitemap, name="sitemap"),
    # The media kit (kit_views.py) and staff's "press material" toggle on a release's file.
    path(f"{P}/kit/", kit_views.kit, name="kit"),
    path(
        f"{M}/<int:release_id>/files/<int:attachment_id>/press-material/",
        attachment_views.attachment_press_material,
        name="attachment-press-material",
    ),
]
