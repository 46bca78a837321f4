"""Order of precedence, seating, gifts, agreements and their lifecycle, partner cities."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from summitry.diplomacy import exchange, queries, services
from summitry.diplomacy.models import AgreementChange
from summitry.directory.models import ProtocolRank
from tests.factories import PersonFactory

from .conftest import at


def test_precedence_by_rank_then_english_name(world):
    order = queries.precedence(world.summit, [world.kyiv, world.wellington, world.dublin])
    # Dublin and Wellington are headed by mayors, Kyiv by a vice mayor.
    assert order == [world.dublin, world.wellington, world.kyiv]


def test_precedence_by_rotation_from_a_letter(world):
    world.config.precedence_rule = "rotation"
    world.config.rotation_letter = "K"
    world.config.save()
    order = queries.precedence(world.summit, [world.dublin, world.wellington, world.kyiv])
    assert order == [world.kyiv, world.wellington, world.dublin]


def test_the_guest_of_honour_sits_at_the_hosts_right(world):
    vice = PersonFactory(
        slug="vice", organisation=world.seoul, protocol_rank=ProtocolRank.VICE_MAYOR
    )
    seats = queries.seating(
        world.summit, [world.prokopiv, world.whanau, vice, world.mayor], world.seoul
    )
    # In order of honour: the host, Wellington (a mayor), Kyiv, Seoul's vice mayor; seated
    # right, left, right of the host. Seen from the audience the host's right is on the left.
    assert [s.person for s in seats] == [vice, world.whanau, world.mayor, world.prokopiv]
    assert [s.note for s in seats] == ["", "Guest of honour", "Hosting principal", ""]


def test_gifts_are_kept_by_officers_and_exported(world):
    with pytest.raises(PermissionDenied):
        services.record_gift(actor=world.wellington_contact, summit=world.summit, data={})
    gift = services.record_gift(
        actor=world.officer,
        summit=world.summit,
        data={
            "direction": "received",
            "counterpart": world.wellington,
            "description": {"en": "Greenstone", "ko": "녹옥"},
            "value": 250000,
            "date": datetime.date(2023, 9, 25),
            "kept_at": "City Hall",
        },
    )
    with pytest.raises(ValidationError):
        services.record_gift(
            actor=world.officer,
            summit=world.summit,
            data={
                "direction": "stolen",
                "counterpart": world.wellington,
                "description": {"en": "x"},
                "date": datetime.date(2023, 9, 25),
            },
        )
    csv = exchange.gifts_csv(queries.gifts(world.summit)).decode("utf-8-sig")
    assert csv.splitlines()[1] == (
        "2023-09-25,received,Wellington,웰링턴,NZ,Greenstone,녹옥,250000,City Hall,protocol,"
    )
    assert exchange.gifts_workbook([gift])[:2] == b"PK"


def make_agreement(world):
    return services.create_agreement(
        actor=world.officer,
        summit=world.summit,
        data={
            "partner": world.wellington,
            "kind": "upgrade",
            "title": {"en": "Friendship MOU", "ko": "친선도시 격상 협약"},
        },
        signatories=[world.mayor, world.whanau],
    )


def test_an_agreement_moves_forward_along_its_lifecycle(world):
    agreement = make_agreement(world)
    assert agreement.status == "proposed"
    services.advance(actor=world.officer, agreement=agreement, to="negotiating")
    with pytest.raises(ValidationError, match="reference of the approval"):
        services.advance(actor=world.officer, agreement=agreement, to="approved")
    services.advance(
        actor=world.officer, agreement=agreement, to="approved", council_resolution="2023-123"
    )
    with pytest.raises(ValidationError, match="date of signing"):
        services.advance(actor=world.officer, agreement=agreement, to="signed")
    services.advance(
        actor=world.officer, agreement=agreement, to="signed", signed_on=datetime.date(2023, 9, 25)
    )
    assert queries.partners(world.summit)[0].partner == world.wellington
    services.advance(actor=world.officer, agreement=agreement, to="active")
    services.advance(actor=world.officer, agreement=agreement, to="terminated", note="ended")
    assert queries.partners(world.summit) == []
    history = list(AgreementChange.objects.values_list("from_status", "to_status"))
    assert history[-1] == ("active", "terminated")
    assert len(history) == 5


@pytest.mark.parametrize("to", ["approved", "signed", "proposed", "expired", "bogus"])
def test_an_agreement_cannot_skip_or_go_back(world, to):
    agreement = make_agreement(world)
    services.advance(actor=world.officer, agreement=agreement, to="negotiating")
    with pytest.raises(ValidationError, match="cannot go from"):
        services.advance(
            actor=world.officer,
            agreement=agreement,
            to=to,
            council_resolution="x",
            signed_on=datetime.date(2023, 9, 25),
        ) if to != "approved" else services.advance(
            actor=world.officer, agreement=agreement, to="signed"
        )
    agreement.refresh_from_db()
    assert agreement.status == "negotiating"


def test_signatories_sign_for_one_of_the_two_cities(world):
    with pytest.raises(ValidationError, match="signs for neither city"):
        services.create_agreement(
            actor=world.officer,
            summit=world.summit,
            data={"partner": world.wellington, "kind": "mou", "title": {"en": "MOU"}},
            signatories=[world.prokopiv],
        )


def test_only_officers_keep_agreements(world):
    with pytest.raises(PermissionDenied):
        make_agreement(type("W", (), {**world.__dict__, "officer": world.kyiv_contact}))


def test_the_signing_ceremony_is_a_programme_item_for_both_cities(world):
    agreement = make_agreement(world)
    item = services.set_ceremony(
        actor=world.officer,
        agreement=agreement,
        starts_at=at(25, 16),
        ends_at=at(25, 16, 30),
        room=world.room_a,
    )
    assert (item.kind, item.audience) == ("ceremony", "invited")
    assert set(item.invitees.all()) == {world.wellington, world.seoul}
    agreement.refresh_from_db()
    assert agreement.ceremony == item
    with pytest.raises(ValidationError):
        services.set_ceremony(
            actor=world.officer, agreement=agreement, starts_at=at(25, 17), ends_at=at(25, 16)
        )
    seats = queries.seating(world.summit, list(agreement.signatories.all()), world.seoul)
    assert [s.note for s in seats] == ["Guest of honour", "Hosting principal"]


def test_the_gift_log_exports_neutralise_formulas(world):
    services.record_gift(
        actor=world.officer,
        summit=world.summit,
        data={
            "direction": "given",
            "counterpart": world.wellington,
            "description": {"en": "=cmd|' /C calc'!A0", "ko": "도자기"},
            "date": datetime.date(2023, 9, 25),
            "kept_at": "@SUM(1+1)",
        },
    )
    gifts = queries.gifts(world.summit)
    row = exchange.gifts_csv(gifts).decode("utf-8-sig").splitlines()[1]
    assert row == (
        "2023-09-25,given,Wellington,웰링턴,NZ,'=cmd|' /C calc'!A0,도자기,,'@SUM(1+1),protocol,"
    )

    sheet = load_workbook(io.BytesIO(exchange.gifts_workbook(gifts)))["gifts"]
    cells = {c.value: c for c in sheet[2]}
    assert cells["=cmd|' /C calc'!A0"].data_type == "s"
    assert cells["=cmd|' /C calc'!A0"].quotePrefix
    assert cells["@SUM(1+1)"].quotePrefix
