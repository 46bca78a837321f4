"""Pages of online items: the console's section and an item's "watch online" page."""

from django.urls import path

from . import invitation_views, views

app_name = "online"
C = "<slug:slug>/manage/online"
W = "<slug:slug>/programme/<int:item_id>/online"
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
    path(f"{C}/items/<int:item_id>/recordings/", views.recording_add, name="recording-add"),
    path(
        f"{C}/recordings/<int:recording_id>/delete/",
        views.recording_delete,
        name="recording-delete",
    ),
    path("<slug:slug>/recordings/", views.library, name="library"),
    path("<slug:slug>/online/my-zone/", views.my_zone, name="my-zone"),
    path(
        "<slug:slug>/recordings/<int:recording_id>/captions.vtt",
        views.captions,
        name="captions",
    ),
    path(f"{C}/studio/", views.studio_page, name="studio"),
    path(f"{C}/viewing/", views.viewing_page, name="viewing"),
    path(f"{W}/watching/", views.watching, name="watching"),
    path(f"{C}/studio/live/", views.studio_live, name="studio-live"),
    path("<slug:slug>/programme/<int:item_id>/online/", views.watch, name="watch"),
    path(f"{W}/questions/", views.qa_page, name="qa"),
    path(f"{W}/questions/live/", views.qa_live, name="qa-live"),
    path(f"{W}/questions/ask/", views.qa_ask, name="qa-ask"),
    path(f"{W}/questions/<int:question_id>/vote/", views.qa_vote, name="qa-vote"),
    path(f"{W}/polls/<int:poll_id>/answer/", views.poll_answer, name="poll-answer"),
    path(f"{W}/connected/", views.connected, name="connected"),
    path(f"{W}/speakers/<int:person_id>/", views.speaker, name="speaker"),
    path(
        f"{W}/speakers/<int:person_id>/confirm/",
        views.speaker_confirm,
        name="speaker-confirm",
    ),
    path(f"{C}/items/<int:item_id>/rehearsal/", views.rehearsal_slot, name="rehearsal-slot"),
    path(f"{W}/stage/", views.stage, name="stage"),
    path(f"{W}/stage/live/", views.stage_live, name="stage-live"),
    path(f"{W}/stage/questions/<int:question_id>/", views.qa_moderate, name="qa-moderate"),
    path(f"{W}/stage/polls/", views.poll_add, name="poll-add"),
    path(f"{W}/stage/polls/<int:poll_id>/", views.poll_state, name="poll-state"),
]

# Speakers' invitations (invitation_views).
urlpatterns += [
    path(f"{C}/items/<int:item_id>/invite/", invitation_views.invite, name="invite"),
    path(
        f"{W}/speakers/<int:person_id>/answer/",
        invitation_views.answer,
        name="speaker-answer",
    ),
]
