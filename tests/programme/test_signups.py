"""Sign-ups: places, a waiting list served first come first served, promotion by e-mail."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from summitry.delegations.models import Delegate, Delegation
from summitry.programme.models import SignUp
from summitry.programme.services import cancel_sign_up, save_item, set_capacity, sign_up
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .conftest import at, item, publish


def delegates(summit, n, contact=None):
    delegation = Delegation.objects.create(
        summit=summit, organisation=OrganisationFactory(), contact=contact
    )
    return [
        Delegate.objects.create(
            delegation=delegation, person=PersonFactory(), email=f"d{i}@example.org"
        )
        for i in range(n)
    ]


@pytest.fixture
def visit(summit, organiser):
    return save_item(
        actor=organiser,
        item=item(
            summit,
            kind="site_visit",
            block="morning",
            title_en="Site visit I",
            capacity=2,
            signup=True,
            starts_at=at(25, 9),
            ends_at=at(25, 12),
        ),
    )


def test_places_then_a_waiting_list_and_promotion_in_order(visit, summit, organiser):
    contact = UserFactory(username="contact")
    a, b, c, d = delegates(summit, 4, contact=contact)
    statuses = [sign_up(actor=contact, item=visit, delegate=x).status for x in (a, b, c, d)]
    assert statuses == ["registered", "registered", "waiting", "waiting"]
    mail.outbox.clear()
    cancel_sign_up(actor=contact, signup=SignUp.objects.get(delegate=a))
    assert dict(SignUp.objects.values_list("delegate_id", "status")) == {
        a.pk: "cancelled",
        b.pk: "registered",
        c.pk: "registered",
        d.pk: "waiting",
    }
    assert [m.to for m in mail.outbox] == [[c.email]]
    assert mail.outbox[0].subject == "A place is yours: Site visit I"


def test_one_may_sign_up_only_oneself_or_ones_members(visit, summit):
    (a,) = delegates(summit, 1, contact=UserFactory(username="contact"))
    with pytest.raises(PermissionDenied):
        sign_up(actor=UserFactory(username="other"), item=visit, delegate=a)
    assert not SignUp.objects.exists()


def test_twice_is_refused_and_a_closed_item_takes_nobody(visit, summit, organiser):
    contact = UserFactory(username="contact")
    a, b = delegates(summit, 2, contact=contact)
    sign_up(actor=contact, item=visit, delegate=a)
    with pytest.raises(ValidationError):
        sign_up(actor=contact, item=visit, delegate=a)
    visit.signup_deadline = timezone.now() - datetime.timedelta(minutes=1)
    save_item(actor=organiser, item=visit)
    with pytest.raises(ValidationError) as caught:
        sign_up(actor=contact, item=visit, delegate=b)
    assert caught.value.messages == ["Sign-up for this item has closed."]
    assert SignUp.objects.count() == 1


def test_a_capacity_below_the_places_given_is_refused(visit, summit, organiser):
    contact = UserFactory(username="contact")
    for d in delegates(summit, 2, contact=contact):
        sign_up(actor=contact, item=visit, delegate=d)
    with pytest.raises(ValidationError) as caught:
        set_capacity(actor=organiser, item=visit, capacity=1)
    assert caught.value.message_dict == {
        "capacity": ["2 people already have a place; the capacity cannot be lower."]
    }
    visit.refresh_from_db()
    assert visit.capacity == 2
    set_capacity(actor=organiser, item=visit, capacity=5)


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_sign_ups_for_ten_places(summit, organiser):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    visit = save_item(
        actor=organiser,
        item=item(summit, kind="site_visit", title_en="Visit", capacity=10, signup=True),
    )
    people = delegates(summit, 30)
    start = threading.Barrier(30)
    errors = []

    def go(delegate):
        try:
            start.wait()
            sign_up(actor=organiser, item=visit, delegate=delegate)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(d,)) for d in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(SignUp.objects.values_list("status", flat=True))
    assert (len(statuses), statuses.count("registered"), statuses.count("waiting")) == (30, 10, 20)
    # First come, first served, in the one order of core.capacity.
    order = list(SignUp.objects.order_by("signed_up_at", "pk").values_list("status", flat=True))
    assert order == ["registered"] * 10 + ["waiting"] * 20


def test_sign_ups_and_itineraries_through_the_api(visit, summit, organiser):
    from summitry.core.tokens import issue_token
    from tests.conftest import ApiClient

    publish(summit, organiser)
    contact = UserFactory(username="contact")
    a, b, c = delegates(summit, 3, contact=contact)
    api = ApiClient(issue_token(user=contact, name="t")[1])
    stranger = ApiClient(issue_token(user=UserFactory(username="x"), name="t")[1])
    path = f"/summits/forum/programme/{visit.pk}/signups"
    assert stranger.post(path, {"delegate": a.pk}).status_code == 403
    statuses = [api.post(path, {"delegate": d.pk}).json()["status"] for d in (a, b, c)]
    assert statuses == ["registered", "registered", "waiting"]
    first = SignUp.objects.get(delegate=a)
    cancelled = api.post(f"/summits/forum/programme/signups/{first.pk}/cancel", {})
    assert cancelled.json()["status"] == "cancelled"
    assert SignUp.objects.get(delegate=c).status == "registered"
    itinerary = api.get(f"/summits/forum/itinerary/{c.pk}").json()
    assert [i["title"]["en"] for i in itinerary] == ["Site visit I"]
    assert stranger.get(f"/summits/forum/itinerary/{c.pk}").status_code == 404


def test_staff_find_page_export_and_cancel_sign_ups_from_the_list(visit, summit, organiser):
    """The console's list of an item's sign-ups: search by name or delegation, filter by
    status, pages; the ticked ones exported, or cancelled after a confirmation (the freed
    places go to the waiting list); people outside the programme team get nothing."""
    from django.test import Client
    from openpyxl import load_workbook

    visit.capacity = 60
    visit.save()
    people = delegates(summit, 62)
    people[0].person.family_name = "Prokopiv"
    people[0].person.save()
    for delegate in people:
        sign_up(actor=organiser, item=visit, delegate=delegate)
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    url = f"/forum/manage/programme/sign-ups/{visit.pk}/"
    first = client.get(url).content.decode()
    assert "Page 1 of 2 (62 in all)" in first
    found = client.get(f"{url}?q=prokop").content.decode()
    assert "Prokopiv" in found and "1 sign-up" in found and "Whanau" not in found
    waiting = client.get(f"{url}?status=waiting").content.decode()
    assert "2 sign-ups" in waiting
    chosen = list(SignUp.objects.filter(status="registered").order_by("pk")[:2])
    ids = [str(s.pk) for s in chosen]
    exported = client.post(url, {"signup": ids, "action": "export"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet.max_row == 3  # the header and the two ticked
    # Cancelling asks first and changes nothing until confirmed.
    asked = client.post(url, {"signup": ids, "action": "cancel"})
    assert asked.status_code == 200 and "Cancel the sign-ups of" in asked.content.decode()
    assert SignUp.objects.filter(status="cancelled").count() == 0
    client.post(url, {"signup": ids, "action": "cancel", "confirmed": "1"})
    statuses = list(SignUp.objects.values_list("status", flat=True))
    assert statuses.count("cancelled") == 2 and statuses.count("waiting") == 0
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"signup": ids, "action": "export"}).status_code == 404
