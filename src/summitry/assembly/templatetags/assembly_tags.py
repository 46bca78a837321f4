"""Saying a poll's result in the active language (inside `{% language %}` on the projector)."""

from django import template
from django.utils.translation import gettext as _

from summitry.assembly import tallies

register = template.Library()


@register.filter
def rule_text(rule) -> str:
    return tallies.describe_rule(rule or {})


@register.filter
def abstentions_text(rule) -> str:
    return tallies.abstention_words(rule or {})


@register.filter
def outcome_text(outcome) -> str:
    return {
        "adopted": _("Adopted"),
        "rejected": _("Rejected"),
        "no_quorum": _("No quorum"),
        "elected": _("Elected"),
        "tie": _("Tie: the assembly decides"),
        "no_votes": _("No votes"),
        "not_elected": _("Not elected"),
        "runoff": _("Run-off"),
    }.get(outcome, outcome)


@register.filter
def fraction_words(text) -> str:
    return tallies.fraction_words(str(text))


@register.filter
def candidate_name(key, poll) -> str:
    """A candidate's name from the id a result keys it by (the member's organisation)."""
    for member in poll.candidates.all():
        if str(member.pk) == str(key):
            return str(member.organisation)
    return str(key)
