"""Permissions follow memberships at once: revoking one or changing a role takes effect on the
next request, and municipalities.permissions answers the same for one document."""

import pytest
from django.urls import reverse

from followup.models import FollowUp
from loften.models import CitizenPromise
from municipalities import permissions
from municipalities.models import Membership

pytestmark = pytest.mark.django_db


def test_revoking_a_membership_takes_effect_on_the_next_request(client, world):
    user = world.users["kommunredaktor"]
    url = reverse("admin:loften_citizenpromise_change", args=[world.own[CitizenPromise].pk])
    client.force_login(user)
    assert client.get(url).status_code == 200

    Membership.objects.filter(user=user).delete()

    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:loften_citizenpromise_changelist")).status_code == 403


def test_changing_a_role_takes_effect_on_the_next_request(client, world):
    user = world.users["kommunredaktor"]
    url = reverse("admin:loften_citizenpromise_sign", args=[world.own[CitizenPromise].pk])
    client.force_login(user)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=user).update(role=Membership.Role.REVIEWER)
    assert client.get(url).status_code == 403


def test_permissions_module_answers_for_one_document(world):
    own, other = world.own[CitizenPromise], world.other[CitizenPromise]
    users = world.users
    assert permissions.can_edit(users["polisredaktor"], own)
    assert not permissions.can_edit(users["polisredaktor"], other)
    assert permissions.can_view(users["granskare"], own)
    assert not permissions.can_edit(users["granskare"], own)
    assert permissions.can_edit(users["national"], other)
    assert not permissions.can_view(users["outsider"], own)
    assert list(CitizenPromise.objects.visible_to(users["granskare"])) == [own]
    assert list(CitizenPromise.objects.editable_by(users["granskare"])) == []
    assert set(CitizenPromise.objects.editable_by(users["national"])) >= {own, other}
    assert list(FollowUp.objects.visible_to(users["kommunredaktor"])) == [world.own[FollowUp]]
