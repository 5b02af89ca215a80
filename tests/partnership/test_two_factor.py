"""Two-factor sign-in: enrolment, the code step at sign-in, recovery codes, the admin, the mixin."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.views import View
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role
from partnership.two_factor import OTPRequiredMixin, recovery_codes_replace
from tests.factories import PartnershipFactory, member

PASSWORD = "correct horse battery staple"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def person(db: Any) -> Any:
    partnership = PartnershipFactory()
    user = member(partnership, Role.BOARD_MEMBER)
    user.set_password(PASSWORD)
    user.save()
    user.partnership = partnership
    return user


def sign_in(user: Any) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_enrolment_shows_a_qr_code_and_key_and_confirms_with_a_code(person: Any) -> None:
    from base64 import b32decode

    client = sign_in(person)
    page = client.get("/accounts/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "QR code for your authenticator app" in html
    key = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', html)
    assert key is not None and len(key.group(1).replace(" ", "")) == 32
    assert client.get("/accounts/two-factor/").content.decode().count(key.group(1)) == 1  # same key
    assert not TOTPDevice.objects.exists()  # nothing saved before the first code is right
    device = TOTPDevice(key=b32decode(key.group(1).replace(" ", "")).hex())

    wrong = client.post("/accounts/two-factor/", {"code": "000000" if code_for(device) != "000000"
                                                  else "111111"})
    assert "The code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    done = client.post("/accounts/two-factor/", {"code": code_for(device)})
    body = done.content.decode()
    assert "Two-factor sign-in is set up" in body
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", body)
    assert len(codes) == 10
    assert StaticDevice.objects.get(user=person).token_set.count() == 10
    saved = TOTPDevice.objects.get(user=person)
    assert saved.confirmed and saved.key == device.key
    assert client.get(f"/p/{person.partnership.slug}/").status_code == 200  # verified already


def enrolled(person: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)


def test_sign_in_asks_an_enrolled_person_for_a_code(person: Any) -> None:
    device = enrolled(person)
    client = sign_in(person)
    dashboard = f"/p/{person.partnership.slug}/"
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fp%2F" \
        f"{person.partnership.slug}%2F"
    assert client.post("/accounts/two-factor/verify/", {"code": "12345a", "next": dashboard}
                       ).status_code == 200
    assert client.get(dashboard).status_code == 302  # still not verified
    time.sleep(1.1)  # the wrong code throttles the device for a second
    verified = client.post("/accounts/two-factor/verify/", {"code": code_for(device),
                                                            "next": dashboard})
    assert (verified.status_code, verified["Location"]) == (302, dashboard)
    assert client.get(dashboard).status_code == 200


def test_a_person_without_an_authenticator_signs_in_with_the_password_only(person: Any) -> None:
    client = sign_in(person)
    assert client.get(f"/p/{person.partnership.slug}/").status_code == 200


def test_a_recovery_code_works_once(person: Any) -> None:
    enrolled(person)
    code = recovery_codes_replace(user=person)[0]
    client = sign_in(person)
    response = client.post("/accounts/two-factor/verify/", {"code": code.upper(), "next": "/"})
    assert (response.status_code, response["Location"]) == (302, "/")
    again = sign_in(person)
    refused = again.post("/accounts/two-factor/verify/", {"code": code, "next": "/"})
    assert refused.status_code == 200 and "has been used" in refused.content.decode()


def test_new_recovery_codes_replace_the_old(person: Any) -> None:
    old = recovery_codes_replace(user=person)
    new = recovery_codes_replace(user=person)
    tokens = set(StaticDevice.objects.get(user=person).token_set.values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)


def test_the_admin_requires_two_factor(db: Any) -> None:
    from partnership.models import User

    admin = User.objects.create_superuser(email="sysadmin@example.org", password=PASSWORD,
                                          full_name="System Admin")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    device = enrolled(admin)
    login_page = Client().get("/admin/login/")
    assert 'name="otp_token"' in login_page.content.decode()
    fresh = Client()
    signed = fresh.post("/admin/login/?next=/admin/", {
        "username": admin.email, "password": PASSWORD, "otp_device": device.persistent_id,
        "otp_token": code_for(device), "next": "/admin/"})
    assert signed.status_code == 302, signed.content.decode()[:2000]
    assert fresh.get("/admin/").status_code == 200


class Protected(OTPRequiredMixin, View):
    def get(self, request: Any) -> HttpResponse:
        return HttpResponse("secret")


def request_as(user: Any, *, verified: bool) -> Any:
    request = RequestFactory().get("/p/x/reviews/1/?tab=2")
    request.user = user
    user.is_verified = lambda: verified
    return request


def test_otp_required_mixin(person: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    view = Protected.as_view()
    anonymous = RequestFactory().get("/p/x/reviews/1/")
    anonymous.user = AnonymousUser()
    assert view(anonymous)["Location"].startswith("/accounts/login/")
    response = view(request_as(person, verified=False))
    assert response["Location"] == "/accounts/two-factor/?next=%2Fp%2Fx%2Freviews%2F1%2F%3Ftab%3D2"
    enrolled(person)
    response = view(request_as(person, verified=False))
    assert response["Location"] == ("/accounts/two-factor/verify/?next="
                                    "%2Fp%2Fx%2Freviews%2F1%2F%3Ftab%3D2")
    assert view(request_as(person, verified=True)).content == b"secret"
