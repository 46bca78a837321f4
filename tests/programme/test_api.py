"""The programme API: visibility as on the page, clashes refused unless forced."""

from summitry.programme.models import ProgrammeItem
from summitry.programme.services import save_item

from .conftest import item

NEW = {
    "kind": "forum_session",
    "block": "afternoon",
    "title": {"en": "Forum I", "ko": "포럼 I"},
    "starts_at": "2023-09-25T14:00:00+09:00",
    "ends_at": "2023-09-25T16:00:00+09:00",
}


def test_staff_add_an_item_with_a_speaker(staff_api, summit, hall, theme, whanau):
    response = staff_api.post(
        "/summits/forum/programme",
        {
            **NEW,
            "room": hall.pk,
            "theme": 1,
            "people": [
                {
                    "person": "tory-whanau",
                    "role": "speaker",
                    "presentation_title": {"en": "Wellington", "ko": "웰링턴"},
                }
            ],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["theme"], body["room"], body["starts_at"]) == (
        1,
        hall.pk,
        "2023-09-25T05:00:00Z",
    )  # the API speaks UTC
    assert body["people"] == [
        {
            "person": "tory-whanau",
            "name": "Tory Whanau",
            "name_hangul": "토리 화나우",
            "role": "speaker",
            "presentation_title": {"ko": "웰링턴", "en": "Wellington"},
        }
    ]


def test_a_clash_is_refused_unless_forced(staff_api, summit, hall, organiser):
    save_item(actor=organiser, item=item(summit, room=hall))
    refused = staff_api.post("/summits/forum/programme", {**NEW, "room": hall.pk})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "__all__": ["DDP · Art Hall 2 is already booked for “Forum I” at that time."]
    }
    assert ProgrammeItem.objects.count() == 1
    forced = staff_api.post("/summits/forum/programme?force=true", {**NEW, "room": hall.pk})
    assert forced.status_code == 201
    report = staff_api.get("/summits/forum/programme/clashes").json()
    assert [c["kind"] for c in report] == ["room"]


def test_writes_and_the_clash_report_need_staff(anonymous_api, member_api, summit):
    assert anonymous_api.post("/summits/forum/programme", NEW).status_code == 401
    assert member_api.post("/summits/forum/programme", NEW).status_code == 403
    assert member_api.get("/summits/forum/programme/clashes").status_code == 403
    assert not ProgrammeItem.objects.exists()


def test_an_invite_only_item_is_a_404_for_others(anonymous_api, summit, bilbao, organiser):
    breakfast = save_item(actor=organiser, item=item(summit, audience="invited"), invitees=[bilbao])
    assert anonymous_api.get(f"/summits/forum/programme/{breakfast.pk}").status_code == 404


def test_bad_input_changes_nothing(staff_api, summit):
    response = staff_api.post(
        "/summits/forum/programme", {**NEW, "ends_at": "2023-09-25T13:00:00+09:00"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"__all__": ["The end must be after the start."]}
    assert not ProgrammeItem.objects.exists()
