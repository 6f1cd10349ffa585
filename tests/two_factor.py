"""Signing in to the admin as a person would: the password, the e-mailed set-up link, a code
from the authenticator app (computed from the device's key, as the app does), a backup code."""

import re

from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "test-password-1"
LINK = re.compile(r"https?://\S+/tvastegsverifiering/konfigurera/\S+/")
CODE = re.compile(r"<li><code>([a-z2-7]{8})</code></li>")


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def code_for(device):
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def links_sent_to(email):
    """The set-up links e-mailed to `email`, oldest first."""
    return [
        LINK.search(message.body).group(0).removeprefix("http://testserver")
        for message in mail.outbox
        if message.to == [email]
    ]


def backup_codes_in(response):
    return CODE.findall(response.text)


def enrol(client, link):
    """Open a set-up link in a signed-in session and confirm the app with its code; returns the
    new device and the page with the backup codes."""
    response = client.get(link)
    assert response.status_code == 302, response.text
    assert response["Location"] == reverse("admin:two_factor_enrol")
    device = TOTPDevice.objects.get(user__pk=client.session["_auth_user_id"], confirmed=False)
    response = client.post(reverse("admin:two_factor_enrol"), {"token": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    return device, response
