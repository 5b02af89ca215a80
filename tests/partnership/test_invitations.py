"""A person added by a coordinator gets an email with a link to set their password."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.urls import reverse

from partnership import services
from partnership.models import Role, User
from partnership.tasks import send_invitation
from tests.factories import PartnershipFactory, member


def test_new_person_is_invited_and_can_set_a_password(db: Any,
                                                     django_capture_on_commit_callbacks: Any,
                                                     settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        partnership = PartnershipFactory(name="Testshire CSP")
        coordinator = member(partnership, Role.COORDINATOR)
        with django_capture_on_commit_callbacks(execute=True):
            services.membership_add(partnership=partnership, by=coordinator,
                                    email="new.lead@example.org", full_name="New Lead",
                                    roles=["lead_officer"])
    finally:
        app.conf.task_always_eager = False
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["new.lead@example.org"]
    assert "Testshire CSP" in email.subject
    link = re.search(r"https?://\S+/accounts/reset/\S+/", email.body)
    assert link, email.body
    client = Client()
    response = client.get(urlsplit(link.group(0)).path, follow=True)
    assert "Set your password" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0], {
        "new_password1": "a-good-long-password-9", "new_password2": "a-good-long-password-9"})
    assert response.status_code == 302
    assert User.objects.get(email="new.lead@example.org").check_password("a-good-long-password-9")


def test_existing_account_is_not_invited_again(db: Any) -> None:
    partnership = PartnershipFactory()
    person = member(partnership, Role.VIEWER)  # has a usable password
    assert send_invitation(person.pk, partnership.pk) is False
    assert mail.outbox == []


def test_forgotten_password_form_reaches_people_who_never_set_one(
        db: Any, django_capture_on_commit_callbacks: Any) -> None:
    from partnership.tasks import send_password_reset

    user = User.objects.create_user("fresh@example.org", None, full_name="Fresh")
    assert not user.has_usable_password()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = Client().post(reverse("password_reset"), {"email": "FRESH@example.org"})
    assert response.status_code == 302
    assert len(queued) == 1 and mail.outbox == []  # sent by Celery after the commit, not here
    assert send_password_reset(user.pk, "testserver", "http")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fresh@example.org"]
    assert re.search(r"http://testserver/accounts/reset/\S+/\S+/", mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert unknown.status_code == 302  # the same answer: no account enumeration
    assert queued == []


def test_reset_emails_to_one_address_are_limited(db: Any, settings: Any,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR = 2
    User.objects.create_user("limited@example.org", None, full_name="Limited")
    answers, sent = [], 0
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            answers.append(Client(REMOTE_ADDR=f"198.51.100.{n}").post(
                reverse("password_reset"), {"email": "limited@example.org"}).status_code)
        sent += len(queued)
    assert answers == [302] * 4  # the same answer every time
    assert sent == 2


def test_reset_requests_from_one_address_are_limited(db: Any, settings: Any) -> None:
    settings.PASSWORD_RESET_PER_IP_PER_HOUR = 3
    answers = [Client().post(reverse("password_reset"), {"email": f"p{n}@example.org"}).status_code
               for n in range(4)]
    assert answers == [302, 302, 302, 429]
    refused = Client().post(reverse("password_reset"), {"email": "p9@example.org"})
    assert "Too many reset requests" in refused.content.decode()
