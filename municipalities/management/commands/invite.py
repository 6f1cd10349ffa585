"""`manage.py invite EMAIL (--municipality KOMMUNKOD | --police-area NAME) --role ROLE
[--invited-by USERNAME]`: invite a person, e-mail them the link and print it.

For starting a portal (the first organisation administrators) and for operators. Printing the
link is deliberate: whoever runs commands on the server could as well create accounts, so the
link tells them nothing new, and it lets an operator hand the first link over another way (in
person, by telephone) when the mailer is not set up yet. With `--invited-by` the command acts for
that user and obeys the same rules as the admin's form: only into an organisation they
administer (or any, for a national administrator), within their hourly limit.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from municipalities import invitations
from municipalities.models import Membership, Municipality, PoliceArea


class Command(BaseCommand):
    help = (
        "Bjud in en person till en kommun eller ett lokalpolisområde. Länken skickas med e-post "
        "och skrivs ut."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        organisation = parser.add_mutually_exclusive_group(required=True)
        organisation.add_argument("--municipality", metavar="KOMMUNKOD")
        organisation.add_argument("--police-area", metavar="NAMN")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument("--invited-by", metavar="ANVÄNDARNAMN")

    def handle(self, *args, email, municipality, police_area, role, invited_by, **options):
        inviter = None
        if invited_by:
            inviter = get_user_model().objects.filter(username=invited_by, is_active=True).first()
            if inviter is None:
                raise CommandError(f"Det finns ingen aktiv användare {invited_by}.")
        kwargs = {}
        if municipality:
            kwargs["municipality"] = Municipality.objects.filter(code=municipality).first()
            if kwargs["municipality"] is None:
                raise CommandError(
                    f"Det finns ingen kommun med kommunkoden {municipality} (fyra siffror)."
                )
        else:
            kwargs["police_area"] = PoliceArea.objects.filter(name__iexact=police_area).first()
            if kwargs["police_area"] is None:
                raise CommandError(f"Det finns inget lokalpolisområde som heter {police_area}.")
        try:
            invitation, url = invitations.invitation_create(
                inviter=inviter, email=email, role=role, **kwargs
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Inbjudan till {invitation.organisation_name} skickades till {invitation.email}."
        )
        self.stdout.write(url)
