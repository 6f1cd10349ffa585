from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loften.models import CitizenPromise
from municipalities.models import Municipality


def consent_text(
    *, municipality: Municipality | None = None, promise: CitizenPromise | None = None
):
    """The wording a person agrees to, shown beside the box and stored as shown."""
    if municipality is not None:
        wanted = _(
            "Jag vill få e-post från Medborgarlöften när %(target)s får ett nytt medborgarlöfte "
            "eller en ny uppföljning publicerad."
        ) % {"target": municipality.long_name}
    else:
        wanted = _(
            "Jag vill få e-post från Medborgarlöften när medborgarlöftet ”%(target)s” får en ny "
            "uppföljning eller en ny version publicerad."
        ) % {"target": promise.title}
    return " ".join(
        [
            wanted,
            _(
                "Min e-postadress används bara till det och visas aldrig för någon. Jag kan när "
                "som helst avsluta med länken i varje meddelande."
            ),
        ]
    )


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Din e-postadress"),
        max_length=254,
        help_text=gettext_lazy(
            "Vi skickar först en länk som du bekräftar med. Förrän du har bekräftat skickar vi "
            "inget annat."
        ),
        error_messages={
            "required": gettext_lazy("Fyll i din e-postadress."),
            "invalid": gettext_lazy(
                "Det här ser inte ut som en e-postadress. Skriv den som namn@exempel.se."
            ),
        },
    )
    consent = forms.BooleanField(
        error_messages={
            "required": gettext_lazy(
                "Kryssa i rutan för att visa att du vill få e-post. Utan ditt samtycke skickar "
                "vi inget."
            )
        },
    )

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
