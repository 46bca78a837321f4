"""General assemblies (issue 16, first slice): the members of an assembly body (e.g. WeGO),
an assembly of a summit with its quorum rule, voting rights with delegates and proxies, the
agenda, motions, polls and what casting writes.

Secret polls write two unlinkable tables: the voter roll (`VoterRoll`: *that* a member voted,
with who cast it) and the ballot box (`Ballot`: *what* was voted, keyed by a random UUID, with
the receipt and the choice only: no member, user, time or sequence). docs/VOTING.md states the
protocol and its limits. The tally is computed by `summitry.solvers.voting`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summitry.core.bilingual import at_least_one_language, localise
from summitry.directory.models import Organisation, slug_validator
from summitry.summits.models import Summit


class Comparison(models.TextChoices):
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")


class Base(models.TextChoices):
    """What the fraction of a majority rule is taken of (the solver's `Base`)."""

    CAST = "cast", _("yes and no votes (abstentions not counted)")
    CAST_WITH_ABSTENTIONS = "cast_with_abstentions", _("votes cast, abstentions included")
    PRESENT = "present", _("members present or represented")
    MEMBERS = "members", _("all voting members")


class QuorumToOpen(models.TextChoices):
    """What the assembly's rules say about opening a vote without quorum."""

    OVERRIDE = "override", _("Only with the chair's recorded reason")
    STRICT = "strict", _("Never: a vote cannot open without quorum")
    NOT_REQUIRED = "not_required", _("Allowed: quorum is recorded, not required")


class MembershipClass(models.TextChoices):
    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")
    OBSERVER = "observer", _("Observer")


class Member(models.Model):
    """An organisation of the directory that belongs to an assembly body (a city in WeGO).
    Membership is the body's, not a summit's: it outlives each assembly."""

    body = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assembly_members",
        verbose_name=_("assembly body"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("member organisation"),
    )
    membership_class = models.CharField(
        _("membership class"),
        max_length=20,
        choices=MembershipClass.choices,
        default=MembershipClass.FULL,
    )
    votes = models.BooleanField(_("has a vote"), default=True)
    good_standing = models.BooleanField(
        _("in good standing"), default=True, help_text=_("Dues paid for the year (set by staff).")
    )
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Made up for the demo, not a fact.")
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = pgettext_lazy("assembly", "members")
        ordering = ["body", "organisation__name_en", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation"],
                name="assembly_member_once_per_body",
                violation_error_message=_("This organisation is already a member."),
            ),
            models.CheckConstraint(
                condition=~Q(body=F("organisation")),
                name="assembly_member_not_its_own_body",
                violation_error_message=_("A body cannot be its own member."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def may_vote(self) -> bool:
        return self.votes and self.good_standing


class Assembly(models.Model):
    """A general assembly held at a summit, e.g. the 6th WeGO General Assembly."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="assemblies", verbose_name=_("summit")
    )
    body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assemblies",
        verbose_name=_("assembly body"),
    )
    slug = models.SlugField(_("short identifier"), max_length=80, validators=[slug_validator])
    title = models.CharField(_("title"), max_length=200)
    chair = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the chair"),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    quorum_fraction = models.CharField(
        _("quorum fraction"),
        max_length=10,
        default="1/2",
        help_text=_("Of the voting members present or represented, e.g. 1/2."),
    )
    quorum_comparison = models.CharField(
        _("quorum comparison"),
        max_length=10,
        choices=Comparison.choices,
        default=Comparison.MORE_THAN,
    )
    max_proxies = models.PositiveSmallIntegerField(_("proxies a member may hold"), default=1)
    motion_supporters = models.PositiveSmallIntegerField(
        _("supporters a member's motion needs"),
        default=0,
        help_text=_(
            "Other members who must support a member's motion or amendment before "
            "the chair may admit it."
        ),
    )
    quorum_to_open = models.CharField(
        _("opening a vote without quorum"),
        max_length=20,
        choices=QuorumToOpen.choices,
        default=QuorumToOpen.OVERRIDE,
    )
    votes_changeable = models.BooleanField(
        _("voters may change their vote until the close"), default=False
    )
    checkin_zone = models.ForeignKey(
        "checkin.Zone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("check-in zone of the assembly room"),
        help_text=_(
            "A member whose delegate entered this zone on the assembly's day counts as "
            "present, unless the roll call says otherwise."
        ),
    )
    motions_deadline = models.DateTimeField(
        _("deadline for members' motions and amendments"),
        null=True,
        blank=True,
        help_text=_("After it members submit no more motions; the chair may still admit items."),
    )
    minutes_notes = models.TextField(
        _("notes of the minutes"),
        blank=True,
        help_text=_("The secretary's preamble and notes, printed before the record."),
    )
    runoff_automatic = models.BooleanField(
        _("create the run-off automatically"),
        default=False,
        help_text=_(
            "When a single-seat election ends without a majority, its run-off between the top "
            "two is created at the close (else the chair creates it)."
        ),
    )
    circulate_days_before = models.PositiveSmallIntegerField(
        _("circulate the agenda on its own, days before"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: only when the staff circulate it. Else the agenda goes out on its own this "
            "many days before the assembly starts, unless it was already circulated as it stands."
        ),
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name=_("minutes approved by the assembly"),
    )

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ["summit", "starts_at", "pk"]
        constraints = [
            at_least_one_language("title", name="assembly_title_in_a_language", label=_("title")),
            models.UniqueConstraint(
                fields=["summit", "slug"],
                name="assembly_slug_unique_in_summit",
                violation_error_message=_(
                    "This summit already has an assembly with this identifier."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


class VotingRight(models.Model):
    """One member's vote at one assembly: who casts it (the voting delegate), whether the
    member is present at the roll call, and the member it has handed its vote to (a proxy)."""

    summit_lookup = "assembly__summit"

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="rights", verbose_name=_("assembly")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="rights", verbose_name=_("member")
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voting_rights",
        verbose_name=_("voting delegate"),
    )
    proxy = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proxies_held",
        verbose_name=_("vote handed to (proxy)"),
        help_text=_("The member whose delegate casts this member's vote."),
    )
    # The roll call: True present, False absent, None not called (check-in decides).
    present = models.BooleanField(
        _("present at the roll call"), null=True, blank=True, default=None
    )

    class Meta:
        verbose_name = _("voting right")
        verbose_name_plural = _("voting rights")
        ordering = ["assembly", "member__organisation__name_en", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "member"],
                name="assembly_right_once_per_member",
                violation_error_message=_("This member already has a voting right here."),
            ),
            models.CheckConstraint(
                condition=~Q(proxy=F("member")),
                name="assembly_right_no_proxy_to_itself",
                violation_error_message=_("A member cannot hand its vote to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.assembly}"


class Alternate(models.Model):
    """An alternate of a member at one assembly: a registered delegate of the member's
    delegation who may cast the member's vote where the voting delegate has not (the vote is
    the member's, cast once whoever casts it: the voter roll's unique (poll, member))."""

    summit_lookup = "right__assembly__summit"

    right = models.ForeignKey(
        VotingRight,
        on_delete=models.CASCADE,
        related_name="alternates",
        verbose_name=_("voting right"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alternate_rights",
        verbose_name=_("alternate"),
    )

    class Meta:
        verbose_name = _("alternate")
        verbose_name_plural = _("alternates")
        ordering = ["right", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["right", "user"],
                name="assembly_alternate_once_per_right",
                violation_error_message=_("This person is already an alternate of this member."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.right})"


class ItemKind(models.TextChoices):
    REPORT = "report", _("Report")
    MOTION = "motion", _("Motion")
    ELECTION = "election", _("Election")
    DECLARATION = "declaration", _("Declaration")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    summit_lookup = "assembly__summit"

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("assembly")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    approves_minutes = models.ForeignKey(
        Assembly,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approval_items",
        verbose_name=_("minutes to approve"),
        help_text=_("An earlier assembly of the same body whose minutes this item approves."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["assembly", "position", "pk"]
        constraints = [
            at_least_one_language("title", name="agenda_item_title_in_a_language", label=_("title"))
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


class MotionState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted")
    DEBATED = "debated", _("Debated")
    VOTED = "voted", _("Voted")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which states a motion may move to from each state (services.move_motion).
MOTION_FLOW = {
    MotionState.SUBMITTED: {MotionState.ADMITTED, MotionState.WITHDRAWN},
    MotionState.ADMITTED: {MotionState.DEBATED, MotionState.VOTED, MotionState.WITHDRAWN},
    MotionState.DEBATED: {MotionState.VOTED, MotionState.WITHDRAWN},
    MotionState.VOTED: {MotionState.ADOPTED, MotionState.REJECTED},
    MotionState.ADOPTED: set(),
    MotionState.REJECTED: set(),
    MotionState.WITHDRAWN: set(),
}


class Motion(models.Model):
    summit_lookup = "assembly__summit"

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="motions", verbose_name=_("assembly")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("agenda item"),
    )
    submitted_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("Empty: the chair."),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
        help_text=_("Empty: a motion; else the motion this amendment changes."),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=MotionState.choices, default=MotionState.SUBMITTED
    )

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["assembly", "pk"]
        constraints = [
            at_least_one_language("title", name="motion_title_in_a_language", label=_("title"))
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


DECIDED = (MotionState.ADOPTED, MotionState.REJECTED, MotionState.WITHDRAWN)


class MotionSupport(models.Model):
    """A member supporting another member's motion or amendment (once each)."""

    summit_lookup = "motion__assembly__summit"

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="supports", verbose_name=_("motion")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("support of a motion")
        verbose_name_plural = _("supports of motions")
        ordering = ["motion", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "member"],
                name="assembly_support_once_per_member",
                violation_error_message=_("This member already supports this motion."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.motion}"


class PollKind(models.TextChoices):
    OPEN = "open", _("Open (named)")
    ROLL_CALL = "roll_call", _("Roll call")
    SECRET = "secret", _("Secret")


class PollMethod(models.TextChoices):
    MOTION = "motion", _("Yes / no / abstain")
    BLOCK = "block", _("Election: block plurality")
    SINGLE = "single", _("Election: one seat by absolute majority, run-off between the top two")
    RANKED = "ranked", _("Election: ranked ballots, single transferable vote")
    LIST = "list", _("Election: yes / no / abstain on a single list of candidates")


class PollState(models.TextChoices):
    DRAFT = "draft", _("Not opened")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(models.Model):
    """One vote: on a motion (yes / no / abstain under a majority rule) or an election."""

    summit_lookup = "assembly__summit"

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="polls", verbose_name=_("assembly")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="polls",
        verbose_name=_("agenda item"),
    )
    motion = models.ForeignKey(
        Motion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("motion"),
    )
    title = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=PollKind.choices)
    method = models.CharField(
        _("method"), max_length=20, choices=PollMethod.choices, default=PollMethod.MOTION
    )
    rule_fraction = models.CharField(_("majority fraction"), max_length=10, default="1/2")
    rule_base = models.CharField(
        _("majority of"), max_length=30, choices=Base.choices, default=Base.CAST
    )
    rule_comparison = models.CharField(
        _("comparison"), max_length=10, choices=Comparison.choices, default=Comparison.MORE_THAN
    )
    candidates = models.ManyToManyField(
        Member, blank=True, related_name="candidacies", verbose_name=_("candidates")
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    state = models.CharField(
        _("state"), max_length=10, choices=PollState.choices, default=PollState.DRAFT
    )
    opens_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The quorum as it stood when the poll opened, and the chair's override.
    present_at_open = models.PositiveIntegerField(
        _("present or represented"), null=True, blank=True
    )
    members_at_open = models.PositiveIntegerField(_("voting members"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    override_reason = models.TextField(_("reason for opening without quorum"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    runoff_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="runoffs",
        verbose_name=_("run-off of"),
        help_text=_("The first round whose two leading candidates this poll decides between."),
    )
    bulletin_digest = models.CharField(_("bulletin digest"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["assembly", "agenda_item__position", "pk"]
        constraints = [
            at_least_one_language("title", name="poll_title_in_a_language", label=_("question")),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="poll_at_least_one_seat",
                violation_error_message=_("An election fills at least one seat."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))

    @property
    def is_secret(self) -> bool:
        return self.kind == PollKind.SECRET


class VoterRoll(models.Model):
    """*That* a member voted in a poll, once (unique): who cast it (its delegate or its
    proxy's). For open and roll-call polls the choice is kept here, named; for secret polls it
    stays empty and the choice goes to the ballot box, unlinked."""

    summit_lookup = "poll__assembly__summit"
    # Written on the hot path of casting; no cached public page shows it (core.pagecache).
    on_public_pages = False

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="roll", verbose_name=_("poll")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("cast by"),
    )
    by_proxy = models.BooleanField(_("cast by proxy"), default=False)
    by_alternate = models.BooleanField(_("cast by an alternate"), default=False)
    choice = models.JSONField(_("choice (open polls only)"), null=True, blank=True)

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        ordering = ["poll", "member__organisation__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "member"],
                name="assembly_vote_once_per_member",
                violation_error_message=_("This member has already voted."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.poll}"


class Ballot(models.Model):
    """*What* was voted in a secret poll: a random key, the receipt and the choice, nothing
    else (no member, user, time or sequence; never in the history). At the close the box is
    rewritten in receipt order (services.close_poll)."""

    summit_lookup = "poll__assembly__summit"
    # Written on the hot path of casting; the bulletin is not a cached page (core.pagecache).
    on_public_pages = False

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("poll")
    )
    receipt = models.CharField(_("receipt"), max_length=19)
    choice = models.JSONField(_("choice"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["poll", "receipt"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "receipt"],
                name="assembly_receipt_unique_in_poll",
                violation_error_message=_("This receipt is already in the ballot box."),
            )
        ]

    def __str__(self) -> str:
        return self.receipt


class AgendaCirculation(models.Model):
    """One circulation of an assembly's agenda to its members (issue 16, item 2): when, by
    whom, to how many, and which version (a later one after the agenda changed is marked
    revised). The mail leaves from a task (tasks.send_circulation), once: ``mailed_at``."""

    summit_lookup = "assembly__summit"

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="circulations", verbose_name=_("assembly")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    digest = models.CharField(_("fingerprint of the agenda"), max_length=64)
    circulated_at = models.DateTimeField(_("circulated"), auto_now_add=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("circulated by"),
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    automatic = models.BooleanField(
        _("circulated on its own"), default=False, help_text=_("By the schedule, not by staff.")
    )
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("circulation of the agenda")
        verbose_name_plural = _("circulations of the agenda")
        ordering = ["assembly", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "version"],
                name="assembly_circulation_version_once",
                violation_error_message=_("This version of the agenda was already circulated."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.assembly} v{self.version}"

    @property
    def revised(self) -> bool:
        return self.version > 1


class KioskPin(models.Model):
    """A one-time PIN with which a voter identifies at the assembly's voting kiosk. Only a
    digest of the PIN is kept; it is used once, before it expires."""

    summit_lookup = "assembly__summit"
    on_public_pages = False  # no public page shows it (core.pagecache)

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="kiosk_pins", verbose_name=_("assembly")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("voter"),
    )
    digest = models.CharField(_("digest of the PIN"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiosk PIN")
        verbose_name_plural = _("kiosk PINs")
        ordering = ["assembly", "-issued_at"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.assembly}"


class DocumentLanguage(models.TextChoices):
    KO = "ko", _("Korean")
    EN = "en", _("English")
    BOTH = "both", _("Korean and English")


def document_upload_to(instance, filename: str) -> str:
    """Stored under MEDIA_ROOT, which has no URL: only views.document serves the file."""
    return f"assembly/documents/{instance.assembly_id}/{filename}"


class AgendaDocument(models.Model):
    """A document of an agenda item or of a motion (a report, the motion's annex), attached
    by the assembly's staff: a PDF or an office file, checked by its content. Members see it
    once a circulation of the agenda has carried it (``circulated_in``); before, staff only."""

    summit_lookup = "assembly__summit"
    on_public_pages = False  # members' pages only (core.pagecache)

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="documents", verbose_name=_("assembly")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    motion = models.ForeignKey(
        Motion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("motion"),
    )
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language of the document"),
        max_length=4,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.BOTH,
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    circulated_in = models.ForeignKey(
        AgendaCirculation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("first circulated in"),
    )

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["assembly", "pk"]
        constraints = [
            at_least_one_language(
                "title", name="agenda_document_title_in_a_language", label=_("title")
            ),
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=False, motion__isnull=True)
                | Q(agenda_item__isnull=True, motion__isnull=False),
                name="agenda_document_of_an_item_or_a_motion",
                violation_error_message=_(
                    "A document belongs to an agenda item or to a motion, one of them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


class Signatory(models.Model):
    """An organisation (a member city, or another city or body that signs on) that signed an
    adopted declaration: who signed for it, with their title, and the day (issue 16, item 8)."""

    summit_lookup = "motion__assembly__summit"

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("declaration")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signatory organisation"),
    )
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("title of the signer"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["motion", "signed_on", "organisation__name_en", "pk"]
        constraints = [
            at_least_one_language(
                "signer_name", name="signatory_name_in_a_language", label=_("signed by")
            ),
            models.UniqueConstraint(
                fields=["motion", "organisation"],
                name="assembly_signatory_once_per_declaration",
                violation_error_message=_("This organisation has already signed."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)
