"""Live Q&A and quick polls of an online item, and the speakers' "I'm connected": who may
moderate, the reads each view needs and every change (each change bumps the item's live topic,
core.live, so every open page shows it at its next poll)."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Q, When
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core import live
from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.programme.models import ProgrammeItem

from . import access, queries
from .models import (
    OnlineItem,
    PollOption,
    PollState,
    PollVote,
    Question,
    QuestionState,
    QuestionVote,
    QuickPoll,
    SpeakerConnection,
)

VIEWER_COOKIE = "summitry_viewer"
SHOWN = (QuestionState.APPROVED, QuestionState.ANSWERED)
MODERATING = ("moderator", "chair")


def topic(online: OnlineItem | int) -> str:
    return f"online-qa:{getattr(online, 'pk', online)}"


def studio_topic(summit) -> str:
    return f"online-studio:{summit.pk}"


def _bump(online: OnlineItem) -> None:
    transaction.on_commit(lambda: live.bump(topic(online)))


def new_viewer_token() -> str:
    return secrets.token_urlsafe(18)


def voter_key(user, viewer_token: str | None) -> str:
    """Who a vote is from: the account when signed in, else the anonymous viewer's cookie."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    if not viewer_token:
        raise ValidationError(_("Your browser did not keep our cookie; please reload the page."))
    return f"viewer:{viewer_token[:60]}"


# --- who may do what ------------------------------------------------------------------------


def _roles(user, summit, programme_item: ProgrammeItem) -> set[str]:
    people = queries._people_of(user, summit)
    if not people:
        return set()
    return set(programme_item.people.filter(person__in=people).values_list("role", flat=True))


def may_moderate(user, summit, programme_item: ProgrammeItem) -> bool:
    """Staff holding ``online``, and the item's moderators and chairs."""
    if not user.is_authenticated:
        return False
    if access.is_staff_for(user, summit):
        return True
    return bool(_roles(user, summit, programme_item) & set(MODERATING))


def may_see_stage(user, summit, programme_item: ProgrammeItem) -> bool:
    """The speakers' view of the questions: moderators, and the item's speakers."""
    if may_moderate(user, summit, programme_item):
        return True
    return bool(user.is_authenticated and _roles(user, summit, programme_item))


def speaker_people(user, summit, programme_item: ProgrammeItem) -> list[int]:
    """The directory people this user is among the item's speakers (for "I'm connected")."""
    people = queries._people_of(user, summit)
    return list(
        programme_item.people.filter(person__in=people, role="speaker").values_list(
            "person_id", flat=True
        )
    )


def require_moderator(user, summit, programme_item) -> None:
    if not may_moderate(user, summit, programme_item):
        raise PermissionDenied(_("Only the item's moderators and the summit's staff may do this."))


# --- reads ------------------------------------------------------------------------------------


def online_item(summit, item_id: int) -> OnlineItem:
    found = (
        in_summit(OnlineItem, summit)
        .filter(item_id=item_id, format__in=("online", "hybrid"))
        .select_related("item__summit")
        .first()
    )
    if found is None:
        raise Http404(_("This item is not held online."))
    return found


def _with_votes(rows):
    return rows.annotate(
        vote_count=Count("votes", distinct=True) + Count("merged__votes", distinct=True)
    )


def shown_questions(online: OnlineItem) -> list[Question]:
    """Approved questions, most votes first, then the answered ones (the speakers' and
    viewers' view)."""
    rows = _with_votes(online.questions.filter(state__in=SHOWN)).annotate(
        done=Case(When(state=QuestionState.ANSWERED, then=1), default=0)
    )
    return list(rows.order_by("done", "-vote_count", "asked_at", "pk"))


def pending_questions(online: OnlineItem) -> list[Question]:
    return list(_with_votes(online.questions.filter(state=QuestionState.PENDING)))


def own_pending(online: OnlineItem, voter: str | None) -> list[Question]:
    """The viewer's own questions waiting for the moderator (no one else sees them)."""
    if not voter:
        return []
    return list(online.questions.filter(state=QuestionState.PENDING, viewer=voter).order_by("pk"))


def votes_of(question_id: int) -> int:
    """A question's votes, those of the questions merged into it included."""
    return QuestionVote.objects.filter(
        Q(question_id=question_id) | Q(question__merged_into_id=question_id)
    ).count()


def own_votes(online: OnlineItem, voter: str | None) -> set[int]:
    if not voter:
        return set()
    return set(
        QuestionVote.objects.filter(question__online=online, voter=voter).values_list(
            "question_id", flat=True
        )
    )


def polls(online: OnlineItem, *, everything: bool = False) -> list[QuickPoll]:
    """The item's polls with their answers' counts (viewers: open and closed ones only)."""
    rows = online.polls.prefetch_related("options")
    if not everything:
        rows = rows.exclude(state=PollState.DRAFT)
    result = list(rows.order_by("-created_at", "-pk"))
    counts = dict(
        PollVote.objects.filter(poll__in=result)
        .values("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )
    for poll in result:
        poll.results = [(option, counts.get(option.pk, 0)) for option in poll.options.all()]
        poll.total = sum(n for _option, n in poll.results)
        voters = PollVote.objects.filter(poll=poll).values("voter").distinct().count()
        poll.voters = voters
        for option, n in poll.results:
            option.count = n
            option.percent = round(100 * n / voters) if voters else 0
    return result


def own_answers(online: OnlineItem, voter: str | None) -> set[int]:
    if not voter:
        return set()
    return set(
        PollVote.objects.filter(poll__online=online, voter=voter).values_list(
            "option_id", flat=True
        )
    )


# --- viewers' writes ----------------------------------------------------------------------------


@transaction.atomic
def ask(
    *, online: OnlineItem, user, viewer_token: str | None, text: str, language: str, name: str = ""
) -> Question:
    """A viewer's question; it waits for the moderator."""
    text = (text or "").strip()
    name = (name or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    if len(text) > 500:
        raise ValidationError({"text": _("A question has at most 500 characters.")})
    if language not in ("ko", "en"):
        raise ValidationError({"language": _("Ask in Korean or in English.")})
    if user is not None and user.is_authenticated:
        name = name or user.get_full_name() or user.get_username()
    elif not name:
        raise ValidationError({"name": _("Give your name, or sign in.")})
    question = Question.objects.create(
        online=online,
        text=text,
        language=language,
        author=user if user is not None and user.is_authenticated else None,
        author_name=name[:80],
        viewer=voter_key(user, viewer_token),
    )
    _bump(online)
    return question


def vote(*, question: Question, user, viewer_token: str | None) -> bool:
    """Upvote a shown question once; True when this vote counted (False: already voted)."""
    target = question.merged_into or question
    if target.state not in SHOWN:
        raise ValidationError(_("Only approved questions can be voted for."))
    voter = voter_key(user, viewer_token)
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=target, voter=voter)
    except IntegrityError:
        return False
    live.bump(topic(question.online_id))
    return True


def answer_poll(*, poll: QuickPoll, user, viewer_token: str | None, option_ids: list[int]) -> None:
    """A viewer's answer to an open poll (a single-choice poll keeps their last answer)."""
    if poll.state != PollState.OPEN:
        raise ValidationError(_("This poll is not open."))
    chosen = set(option_ids)
    options = list(poll.options.filter(pk__in=chosen))
    if not options or len(options) != len(chosen):
        raise ValidationError(_("Choose one of the poll's answers."))
    if not poll.multiple and len(options) > 1:
        raise ValidationError(_("Choose only one answer."))
    voter = voter_key(user, viewer_token)
    with transaction.atomic():
        PollVote.objects.filter(poll=poll, voter=voter).delete()
        PollVote.objects.bulk_create(
            [PollVote(poll=poll, option=o, voter=voter) for o in options],
            ignore_conflicts=True,
        )
    live.bump(topic(poll.online_id))


# --- the moderator's writes ---------------------------------------------------------------------


ACTIONS = {
    "approve": QuestionState.APPROVED,
    "answer": QuestionState.ANSWERED,
    "hide": QuestionState.HIDDEN,
}


@transaction.atomic
def moderate(*, actor, question: Question, action: str, into: Question | None = None) -> Question:
    """Approve, mark answered, hide, or merge into another question of the same item."""
    online = question.online
    require_moderator(actor, online.item.summit, online.item)
    if action == "merge":
        if into is None or into.online_id != online.pk or into.pk == question.pk:
            raise ValidationError(_("Merge into another question of the same item."))
        if into.state not in SHOWN:
            raise ValidationError(_("Merge into a question that is shown."))
        question.state = QuestionState.MERGED
        question.merged_into = into
        question.save(update_fields=["state", "merged_into"])
        Question.objects.filter(merged_into=question).update(merged_into=into)
    elif action in ACTIONS:
        question.state = ACTIONS[action]
        question.save(update_fields=["state"])
    else:
        raise ValidationError(_("Unknown action."))
    _bump(online)
    return question


@transaction.atomic
def add_poll(*, actor, online: OnlineItem, data: dict) -> QuickPoll:
    require_moderator(actor, online.item.summit, online.item)
    labels = [
        (ko.strip(), en.strip())
        for ko, en in zip(data["options_ko"], data["options_en"], strict=False)
        if ko.strip() or en.strip()
    ]
    if len(labels) < 2:
        raise ValidationError({"options_ko": _("Give at least two answers.")})
    poll = core.create(
        actor=actor,
        instance=QuickPoll(
            online=online,
            text_ko=data["text_ko"],
            text_en=data["text_en"],
            multiple=bool(data.get("multiple")),
        ),
    )
    for n, (ko, en) in enumerate(labels):
        PollOption.objects.create(poll=poll, label_ko=ko or en, label_en=en or ko, position=n)
    _bump(online)
    return poll


@transaction.atomic
def set_poll_state(*, actor, poll: QuickPoll, state: str) -> QuickPoll:
    online = poll.online
    require_moderator(actor, online.item.summit, online.item)
    if state not in PollState.values:
        raise ValidationError(_("Unknown action."))
    poll = core.update(actor=actor, instance=poll, changes={"state": state})
    _bump(online)
    return poll


def question(online: OnlineItem, question_id: int) -> Question:
    found = online.questions.filter(pk=question_id).select_related("merged_into").first()
    if found is None:
        raise Http404(_("This item has no such question."))
    return found


def poll(online: OnlineItem, poll_id: int) -> QuickPoll:
    found = online.polls.filter(pk=poll_id).first()
    if found is None:
        raise Http404(_("This item has no such poll."))
    return found


# --- speakers connected ------------------------------------------------------------------------


@transaction.atomic
def connect(*, actor, online: OnlineItem) -> list[SpeakerConnection]:
    """The signed-in speaker says they are connected (seen in the studio's control room)."""
    people = speaker_people(actor, online.item.summit, online.item)
    if not people:
        raise PermissionDenied(_("Only the item's speakers say they are connected."))
    rows = [
        SpeakerConnection.objects.update_or_create(online=online, person_id=p)[0] for p in people
    ]
    summit = online.item.summit
    transaction.on_commit(lambda: live.bump(studio_topic(summit)))
    return rows


def connected(online: OnlineItem, person_ids: list[int]) -> bool:
    return SpeakerConnection.objects.filter(online=online, person_id__in=person_ids).exists()


def question_filter_shown() -> Q:
    return Q(state__in=SHOWN)
