"""Every read of awards used by pages and the API, summit-scoped through core.scoping.

An applicant's queries return only their own applications, so another applicant's application
is a 404 (not a 403 that would confirm it exists). Winners are returned only once the results
are public (or to staff).
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import rules
from .models import (
    Answer,
    Application,
    ApplicationStatus,
    Award,
    Category,
    Eligibility,
    Question,
    Winner,
)


def awards(summit: Summit) -> QuerySet[Award]:
    return in_summit(Award, summit).select_related("ceremony", "ceremony__room__venue")


def award(summit: Summit, slug: str) -> Award:
    found = awards(summit).filter(slug=slug).first()
    if found is None:
        raise Http404(_("This summit has no award “%(slug)s”.") % {"slug": slug})
    return found


def award_by_id(summit: Summit, award_id: int) -> Award:
    found = awards(summit).filter(pk=award_id).first()
    if found is None:
        raise Http404(_("This summit has no award %(id)s.") % {"id": award_id})
    return found


def categories(award: Award) -> QuerySet[Category]:
    """Top-level categories with their sub-categories prefetched."""
    children = Prefetch("children", queryset=Category.objects.order_by("position", "pk"))
    return (
        in_summit(Category, award.summit)
        .filter(award=award, parent__isnull=True)
        .prefetch_related(children)
    )


def leaf_categories(award: Award) -> list[Category]:
    """The categories one can apply to: sub-categories, and categories without any."""
    result: list[Category] = []
    for category in categories(award):
        kids = list(category.children.all())
        result.extend(kids or [category])
    return result


def category(award: Award, category_id) -> Category:
    found = (
        in_summit(Category, award.summit)
        .filter(award=award, pk=category_id)
        .select_related("parent")
        .first()
    )
    if found is None:
        raise Http404(_("This award has no category %(id)s.") % {"id": category_id})
    return found


def questions(award: Award) -> QuerySet[Question]:
    return in_summit(Question, award.summit).filter(award=award)


def question(award: Award, question_id) -> Question:
    found = questions(award).filter(pk=question_id).first()
    if found is None:
        raise Http404(_("This award has no question %(id)s.") % {"id": question_id})
    return found


def _applications(award: Award) -> QuerySet[Application]:
    return (
        in_summit(Application, award.summit)
        .filter(award=award)
        .select_related("category", "category__parent", "applicant", "award", "organisation")
    )


def my_applications(user, summit: Summit | None = None) -> QuerySet[Application]:
    """The user's own applications (every summit unless one is given)."""
    if user is None or not user.is_authenticated:
        return Application.objects.none()
    mine = Application.objects.filter(applicant=user)
    if summit is not None:
        mine = in_summit(mine, summit)
    return mine.select_related("award", "award__summit", "category", "category__parent")


def application(award: Award, user, application_id) -> Application:
    """One application the user may see (own, staff, or a registered check), else 404."""
    found = (
        _applications(award)
        .filter(pk=application_id)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .first()
    )
    if found is None or not rules.may_view_application(user, found):
        raise Http404(_("There is no such application."))
    return found


def staff_applications(
    award: Award,
    user,
    *,
    category: str = "",
    status: str = "",
    eligibility: str = "",
    search: str = "",
) -> QuerySet[Application]:
    """All applications of the award for staff, filtered (category includes sub-categories)."""
    rules.require_staff(user, award.summit)
    found = _applications(award)
    if category:
        found = found.filter(Q(category_id=category) | Q(category__parent_id=category))
    if status:
        found = found.filter(status=status)
    if eligibility:
        found = found.filter(eligibility=eligibility)
    if search:
        found = found.filter(
            Q(reference__icontains=search)
            | Q(applicant_name__icontains=search)
            | Q(title_ko__icontains=search)
            | Q(title_en__icontains=search)
        )
    return found


def answer(application: Application, answer_id) -> Answer:
    found = application.answers.filter(pk=answer_id).exclude(file="").first()
    if found is None:
        raise Http404(_("There is no such file."))
    return found


def winners(award: Award, user=None) -> QuerySet[Winner]:
    """The winners, once public (staff see them earlier); nobody else sees anything before."""
    if not rules.may_see_results(user, award):
        return Winner.objects.none()
    return (
        in_summit(Winner, award.summit)
        .filter(award=award)
        .select_related(
            "category",
            "category__parent",
            "application",
            "application__organisation",
            "application__category",
            "application__category__parent",
        )
    )


def winner(award: Award, user, winner_id) -> Winner:
    """A winner whose certificate the user may have: staff, or the applicant once public."""
    found = (
        in_summit(Winner, award.summit)
        .filter(award=award, pk=winner_id)
        .select_related("category", "application", "application__category")
        .first()
    )
    if found is None:
        raise Http404(_("There is no such winner."))
    if rules.is_staff_for(user, award.summit):
        return found
    if rules.results_public(award) and rules.is_applicant(user, found.application):
        return found
    raise Http404(_("There is no such winner."))


def counts(award: Award) -> dict[str, int]:
    found = _applications(award)
    return {
        "total": found.count(),
        "submitted": found.filter(status=ApplicationStatus.SUBMITTED).count(),
        "eligible": found.filter(eligibility="eligible").count(),
        "ineligible": found.filter(eligibility="ineligible").count(),
    }


def my_page_block(request, summit=None) -> dict | None:
    """For a person's own page: a link to their applications, if they have any."""
    return {} if my_applications(request.user).exists() else None


def dashboard_panel(request, summit) -> dict | None:
    """The console's panel: each award's applications by status and screening."""
    from django.db.models import Count, Q

    rows = awards(summit).annotate(
        drafts=Count("applications", filter=Q(applications__status=ApplicationStatus.DRAFT)),
        submitted=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
        unscreened=Count(
            "applications",
            filter=Q(
                applications__status=ApplicationStatus.SUBMITTED,
                applications__eligibility=Eligibility.PENDING,
            ),
        ),
    )
    found = list(rows)
    return {"awards": found} if found else None


def home_block(request, summit) -> dict | None:
    found = list(awards(summit))
    return {"awards": found} if found else None
