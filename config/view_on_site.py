"""The admin's "Visa på webbplatsen" (`admin:view_on_site`, `/admin/r/<content type>/<id>/`):
Django's `contenttypes.views.shortcut`, but only to a page that citizens may see.

Django's own view redirects to `get_absolute_url()` of any row it finds, so a signed-in official
could learn that another organisation's draft exists, its municipality and its id. Here the row
must first be in the public set of its model, which each model's own rule decides; everything
else (another organisation's draft or signed document, a draft follow-up, a row without a public
page, a missing id or content type) is the same bare 404.

An official's own draft is not followed either: it has no public page (the redirect would end in
a 404 there), the admin shows the link only for public documents
(`CitizenPromiseAdmin.view_on_site`), and its preview is "Förhandsgranska" on its change page.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404

from followup.models import FollowUp
from loften.models import CitizenPromise, Commitment, FocusArea
from municipalities.models import Municipality, PoliceArea

#: Model -> the rows of it that have a public page. The rules are the models' own querysets; a
#: model not listed here is never followed, so a new `get_absolute_url()` needs a decision here.
PUBLIC_ROWS = {
    CitizenPromise: CitizenPromise.objects.published,
    Commitment: Commitment.objects.published,
    FollowUp: FollowUp.objects.published,
    # Reference data: every municipality, police area and focus area has a public page.
    Municipality: Municipality.objects.all,
    PoliceArea: PoliceArea.objects.all,
    FocusArea: FocusArea.objects.all,
}


def is_public(content_type_id, object_id):
    """Does the row exist and have a page that citizens may see?"""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        public_rows = PUBLIC_ROWS.get(model)
        return public_rows is not None and public_rows().filter(pk=object_id).exists()
    except (ObjectDoesNotExist, ValueError, ValidationError):
        # Not a number, not a content type: as missing as a row that does not exist.
        return False


def view_on_site(request, content_type_id, object_id):
    if not is_public(content_type_id, object_id):
        # No message: the answer must not differ between "missing" and "not yours".
        raise Http404
    return shortcut(request, content_type_id, object_id)
