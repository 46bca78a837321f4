"""The programme item page links to the item's online page when the item is held online or
hybrid (through core.registry: the programme imports nothing of the online app). The link
depends on the item, not the visitor, so anonymous visitors' cached copies stay right and a
change of format shows at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import client_of
from .test_pages import JOIN, make_hybrid

pytestmark = pytest.mark.django_db


def item_page(client, item) -> str:
    answer = client.get(reverse("programme:item", args=["forum", item.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_hybrid_item_links_to_its_online_page_an_in_person_one_does_not(world, staff):
    watch = reverse("online:watch", args=["forum", world.soon.pk])
    anonymous = client_of(None)
    assert watch not in item_page(anonymous, world.soon)  # cached now, before the change

    make_hybrid(staff, world.soon)
    staff.post(
        reverse("online:item", args=["forum", world.later.pk]),
        {"format": "in_person", "floor_language": "ko", "opens_minutes": 30},
    )

    for client in (anonymous, client_of(None), client_of(world.outsider), staff):
        page = item_page(client, world.soon)
        assert f'href="{watch}"' in page
        assert "Watch online / join" in page
        assert JOIN not in page  # the video room itself is never on the public item page
        later = item_page(client, world.later)
        assert reverse("online:watch", args=["forum", world.later.pk]) not in later
        assert "Watch online / join" not in later
    assert "온라인 시청 / 참여" in item_page(client_of(None, "ko"), world.soon)


def test_the_cached_page_follows_a_change_back_to_in_person(world, staff):
    make_hybrid(staff, world.soon)
    anonymous = client_of(None)
    assert "Watch online / join" in item_page(anonymous, world.soon)
    assert "Watch online / join" in item_page(anonymous, world.soon)  # from the cache
    answer = staff.post(
        reverse("online:item", args=["forum", world.soon.pk]),
        {"format": "in_person", "floor_language": "ko", "opens_minutes": 30},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert "Watch online / join" not in item_page(anonymous, world.soon)
