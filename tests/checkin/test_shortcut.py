"""The doors' hot path (checkin.shortcut): a scanner's new scan is answered before the rest of
the stack, with the same decision and body as the API, on PostgreSQL; anything else is left to
the whole stack, which answers as always."""

import datetime
import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from summitry.checkin import services, shortcut
from summitry.checkin.models import Scan
from summitry.core.tokens import issue_token, revoke_token
from summitry.delegations.models import PlaceStatus
from summitry.demo.loader import ensure_team
from tests.conftest import ApiClient
from tests.factories import SummitFactory, UserFactory
from tests.images import png_upload

from .conftest import make_delegate

PATH = "/api/v1/summits/forum/checkin/scans"


@pytest.fixture(autouse=True)
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("the shortcut answers on PostgreSQL only (CI runs both databases)")


@pytest.fixture
def token(door):
    return issue_token(user=door, name="scanner")


def ask(secret: str, body: dict, *, path: str = PATH, language: str = "en", **headers):
    """What the shortcut answers (None: it leaves the request to the whole stack)."""
    request = RequestFactory().post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": language, **headers},
    )
    return shortcut._answer(request)


def test_a_new_scan_is_answered_as_the_api_answers(token, summit, hall, badge):
    code = services.code_for(badge)
    answer = ask(token[1], {"code": code, "zone": hall.pk, "client_scan_id": "s1", "door": "A"})
    assert answer is not None and answer.status_code == 201
    data = json.loads(answer.content)
    assert (data["result"], data["reason"], data["duplicate"]) == ("enter", None, False)
    assert data["message"] == "Enter" and answer["Content-Language"] == "en"
    scan = Scan.objects.get()
    assert (scan.pk, scan.visit, scan.door, scan.operator_id) == (
        data["id"],
        1,
        "A",
        token[0].user_id,
    )
    # Sent again: answered here with the first decision, as the whole stack answers it
    # (which an offline scan with its time goes through).
    resent = ask(token[1], {"code": code, "zone": hall.pk, "client_scan_id": "s1"})
    assert resent.status_code == 200
    assert json.loads(resent.content) == {**data, "duplicate": True}
    whole = ApiClient(token[1]).post(
        "/summits/forum/checkin/scans",
        {"code": code, "zone": hall.pk, "client_scan_id": "s1", "at": "2023-09-24T09:00:00"},
    )
    assert whole.status_code == 200 and whole.json() == json.loads(resent.content)
    assert Scan.objects.count() == 1
    token[0].refresh_from_db()
    assert token[0].last_used_at is not None


def test_refusals_with_their_reason_in_the_language_asked(door, token, summit, hall, badge):
    code = services.code_for(badge)
    body = {"code": code, "zone": hall.pk}
    assert ask(token[1], {**body, "client_scan_id": "1"}).status_code == 201
    inside = json.loads(ask(token[1], {**body, "client_scan_id": "2"}, language="ko").content)
    assert (inside["reason"], inside["message"]) == ("already_inside", "이미 입장함")
    forged = json.loads(ask(token[1], {**body, "code": "SB1XYZ", "client_scan_id": "3"}).content)
    assert (forged["reason"], forged["holder"]) == ("forged", None)
    out = ask(token[1], {**body, "client_scan_id": "4", "direction": "out"})
    assert json.loads(out.content)["result"] == "exit"


def test_a_revocation_or_a_reprint_holds_from_the_next_scan(organiser, token, summit, hall, badge):
    code = services.code_for(badge)
    services.revoke(actor=organiser, badge=badge)
    answer = json.loads(
        ask(token[1], {"code": code, "zone": hall.pk, "client_scan_id": "r"}).content
    )
    assert answer["reason"] == "revoked"
    services.issue(actor=organiser, delegate=badge.delegate)
    old = json.loads(ask(token[1], {"code": code, "zone": hall.pk, "client_scan_id": "o"}).content)
    assert old["reason"] == "superseded"
    badge.refresh_from_db()
    new = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "n"}
    assert json.loads(ask(token[1], new).content)["result"] == "enter"
    delegate = badge.delegate
    delegate.place = PlaceStatus.CANCELLED
    delegate.save()
    gone = {**new, "client_scan_id": "w", "direction": "out"}
    assert json.loads(ask(token[1], gone).content)["reason"] == "withdrawn"


def test_a_zone_the_category_does_not_open_is_refused(organiser, token, summit, lounge, badge):
    body = {"code": services.code_for(badge), "zone": lounge.pk, "client_scan_id": "z"}
    assert json.loads(ask(token[1], body).content)["reason"] == "zone"


def test_everything_else_goes_on_to_the_whole_stack(door, token, summit, hall, badge):
    """Left to the whole stack (which answers 200, 401, 403, 404, 422 as the API does)."""
    body = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "x"}
    assert ask(token[1], body).status_code == 201
    at = {**body, "client_scan_id": "y", "at": "2023-09-24T09:00:00"}
    assert ask(token[1], at) is None  # an offline scan with its time
    assert ask("not-a-token", {**body, "client_scan_id": "t"}) is None
    other = SummitFactory(slug="other")
    assert (
        ask(token[1], {**body, "client_scan_id": "s"}, path=PATH.replace("forum", "other")) is None
    )
    assert ask(token[1], {**body, "zone": hall.pk + 999, "client_scan_id": "z"}) is None
    assert ask(token[1], {**body, "client_scan_id": " padded"}) is None
    assert ask(token[1], {**body, "client_scan_id": "c\x00"}) is None
    assert ask(token[1], {**body, "zone": "1", "client_scan_id": "q"}) is None
    assert ask(token[1], {**body, "client_scan_id": "e", "extra": 1}) is None
    # Someone without "checkin" at this summit (holding it at another one).
    stranger = UserFactory(username="stranger")
    ensure_team(other, name_ko="출입", name_en="Doors", codes=["checkin"], members=[stranger])
    assert ask(issue_token(user=stranger, name="t")[1], {**body, "client_scan_id": "p"}) is None
    # A revoked token, an inactive user.
    revoke_token(token=token[0])
    assert ask(token[1], {**body, "client_scan_id": "v"}) is None
    fresh = issue_token(user=door, name="again")[1]
    door.is_active = False
    door.save()
    assert ask(fresh, {**body, "client_scan_id": "i"}) is None
    assert Scan.objects.count() == 1


def test_each_answer_is_the_body_the_apis_schema_gives(token, summit, hall, lounge, badge):
    """The shortcut writes its body without the API's schema: for every kind of answer (an
    entry, each refusal, a forgery without holder, an exit, a scan sent again, in both
    languages) it is what ``api.ScanOut`` makes of the same scan read back from the database."""
    from django.utils import translation
    from ninja.responses import NinjaJSONEncoder

    from summitry.checkin import api

    code = services.code_for(badge)
    sent = [
        ({"code": code, "zone": hall.pk, "client_scan_id": "1"}, "en"),
        ({"code": code, "zone": hall.pk, "client_scan_id": "2"}, "ko"),
        ({"code": code, "zone": lounge.pk, "client_scan_id": "3"}, "en"),
        ({"code": "SB1FORGED", "zone": hall.pk, "client_scan_id": "4"}, "ko"),
        ({"code": code, "zone": hall.pk, "client_scan_id": "5", "direction": "out"}, "ko"),
        ({"code": code, "zone": hall.pk, "client_scan_id": "1"}, "ko"),
    ]
    results = set()
    for body, language in sent:
        answer = ask(token[1], body, language=language)
        new = answer.status_code == 201
        scan = Scan.objects.select_related("badge").get(client_scan_id=body["client_scan_id"])
        with translation.override(language):
            schema = api.ScanOut.model_validate(api.scan_out("forum", scan, new)).model_dump()
        expected = json.dumps(schema, cls=NinjaJSONEncoder)
        assert json.loads(answer.content) == json.loads(expected)
        results.add((scan.result, scan.reason, new))
    assert results == {
        ("enter", "", True),
        ("refused", "already_inside", True),
        ("refused", "zone", True),
        ("refused", "forged", True),
        ("exit", "", True),
        ("enter", "", False),
    }


def test_the_whole_stack_answers_what_the_shortcut_leaves(door, token, summit, hall, badge):
    api = ApiClient(token[1])
    body = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "a"}
    assert api.post("/summits/forum/checkin/scans", {**body, "zone": "x"}).status_code == 422
    assert ApiClient("bad").post("/summits/forum/checkin/scans", body).status_code == 401
    stranger = ApiClient(issue_token(user=UserFactory(username="s"), name="t")[1])
    assert stranger.post("/summits/forum/checkin/scans", body).status_code == 403
    offline = api.post("/summits/forum/checkin/scans", {**body, "at": "2023-09-24T09:00:00"}).json()
    assert offline["at"] == "2023-09-24T00:00:00Z" and offline["result"] == "enter"
    assert Scan.objects.get().day == datetime.date(2023, 9, 24)


def test_a_journalists_badge_is_left_to_the_whole_stack_which_lets_them_in(
    organiser, token, summit, hall, settings, tmp_path
):
    """The hot path reads delegates' badges; a press badge (no delegate) goes on, and the API
    answers it as always (it used to fail on the missing delegate)."""
    from summitry.press import services as press

    settings.MEDIA_ROOT = tmp_path
    services.create_category(
        actor=organiser, summit=summit, name={"ko": "취재진", "en": "Press"}, zones=[hall]
    )
    applied = press.apply_for_accreditation(
        actor=UserFactory(username="reporter"),
        summit=summit,
        data={"name": "김기자", "outlet": "서울일보", "role": "기자", "country": "KR"},
        press_card=png_upload(),
    )
    approved = press.decide_accreditation(actor=organiser, accreditation=applied, approve=True)
    body = {"code": services.code_for(approved.badge), "zone": hall.pk, "client_scan_id": "p1"}
    assert ask(token[1], body) is None
    answer = ApiClient(token[1]).post("/summits/forum/checkin/scans", body)
    assert answer.status_code == 201
    data = answer.json()
    assert (data["result"], data["holder"]["name_ko"]) == ("enter", "김기자")
    # Sent again: the whole stack answers it too, with the first decision.
    assert ask(token[1], body) is None
    again = ApiClient(token[1]).post("/summits/forum/checkin/scans", body)
    assert again.status_code == 200 and again.json() == {**data, "duplicate": True}


def test_the_hot_paths_instances_are_as_built_and_share_no_default(summit):
    """``_built`` starts from a prototype's fields: the values given, the others at their
    defaults, a list default of its own (never the prototype's), read as fetched."""
    from summitry.checkin.models import AccreditationCategory

    first = shortcut._built(AccreditationCategory, {"id": 7, "summit_id": summit.pk})
    second = shortcut._built(AccreditationCategory, {"id": 8, "summit_id": summit.pk})
    plain = AccreditationCategory(pk=7, summit=summit)
    assert (first.pk, first.summit_id, first.colour) == (7, summit.pk, plain.colour)
    assert first.valid_days == plain.valid_days
    first.valid_days.append("2023-09-24")
    assert second.valid_days == plain.valid_days
    assert not first._state.adding and first._state.db == "default"
    assert first.summit == summit  # relations load as on any fetched instance


def through_wsgi(
    secret: str, body: dict, *, finished: list | None = None
) -> tuple[int, dict, dict]:
    """(status, headers, JSON body) of ``summitry.wsgi.application`` (what gunicorn serves),
    the answer closed as a server closes it; the test's
    database connection is kept open as Django's test client keeps it. ``finished``: the
    senders of request_finished."""
    import io

    from django.core import signals
    from django.db import close_old_connections

    from summitry.wsgi import application

    data = json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": PATH,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_AUTHORIZATION": f"Bearer {secret}",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(data),
        "wsgi.url_scheme": "https",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = int(status[:3]), dict(headers)

    def heard(sender, **kwargs):
        if finished is not None:
            finished.append(sender)

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_finished.connect(heard)
    try:
        response = application(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        signals.request_finished.disconnect(heard)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answered["status"], answered["headers"], json.loads(content)


def test_the_shortcut_answers_as_the_whole_stack_with_its_security_headers(
    organiser, token, summit, hall, badge, delegation, delegate_category
):
    """A plain scan answered by the shortcut has the same status, body and headers (the
    stack's security headers too: they were missing) as the whole stack's answer to the same
    scan with its time; the end of the request is Django's (request_finished)."""
    finished: list = []
    code = services.code_for(badge)
    status, headers, data = through_wsgi(
        token[1], {"code": code, "zone": hall.pk, "client_scan_id": "w1"}, finished=finished
    )
    assert status == 201 and data["result"] == "enter" and finished
    # The whole stack (an offline scan with its time), for another badge of the same kind.
    second = make_delegate(delegation, given_name="Ana", family_name="Ruiz")
    services.assign_category(
        actor=organiser, summit=summit, delegates=[second], category=delegate_category
    )
    other = services.issue(actor=organiser, delegate=second)
    at = timezone.now().isoformat()
    whole_status, whole_headers, whole = through_wsgi(
        token[1],
        {"code": services.code_for(other), "zone": hall.pk, "client_scan_id": "w2", "at": at},
    )
    assert whole_status == 201 and whole["result"] == "enter"
    assert Scan.objects.count() == 2
    assert set(data) == set(whole)
    varying = {"X-Request-ID", "Content-Length", "Content-Security-Policy"}
    assert {k: v for k, v in headers.items() if k not in varying} == {
        k: v for k, v in whole_headers.items() if k not in varying
    }

    def policy(found: dict) -> set[str]:  # its directives, in any order
        return set(found["Content-Security-Policy"].split("; "))

    assert policy(headers) == policy(whole_headers)
