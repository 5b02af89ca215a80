"""Where a sign-in's time goes, with the production password hasher.

Prints the median of several runs of each step and its ratio to a floor measured in the same
run (a GET of the sign-in page: Django, the middleware and a template, no password work):

- the password hash alone (Django's default PBKDF2 at its default iterations, as production
  uses: the settings set no PASSWORD_HASHERS) and argon2 when installed, for comparison;
- authenticate() (django-axes' lockout checks + the hash) with the right and a wrong password;
- the whole sign-in POST (form, axes, hash, session, redirect);
- the first page after it (the redirect target), which people count as part of signing in.

Run: .venv/bin/python bench/sign_in.py

Measured on 2026-12-02 (2 cores shared by six engineers' test runs, so absolute times are high):
floor 93.8 ms; one PBKDF2-SHA256 hash at 1,000,000 iterations 4163 ms (44.4 x); authenticate()
3943 / 4349 / 3792 ms (right / wrong password / unknown email: 42.0 / 46.3 / 40.4 x); the whole
sign-in POST 4119 ms (43.9 x); the first page after it 116 ms (1.2 x). So a sign-in is one hash
and nothing else worth measuring: no second hash (no rehash on login, the unknown-email path
hashes once as Django does against timing attacks), and axes' look-ups and the session write are
lost in the noise of the hash. The time is the hasher's cost on this CPU, which we keep.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from harness import bench_database

RUNS = 3
PASSWORD = "correct horse battery staple 42"  # noqa: S105  (a bench account's)


def median_seconds(step: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from axes.models import AccessAttempt
    from django.conf import global_settings
    from django.contrib.auth import authenticate
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.db import connection
    from django.test import Client, RequestFactory, override_settings

    from partnership.models import Role
    from tests.factories import PartnershipFactory, member

    # A database of its own, so the bench can run beside a test run in the same worktree.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_sign_in"
    # Production's hashers (Django's defaults), not the test settings' fast MD5.
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS), bench_database():
        partnership: Any = PartnershipFactory()
        user = member(partnership, Role.COORDINATOR, email="bench@example.org")
        user.set_password(PASSWORD)
        user.save()
        hasher = get_hasher("default")
        print(f"default hasher: {hasher.algorithm}, iterations "
              f"{getattr(hasher, 'iterations', '-')}")

        client = Client()
        floor = median_seconds(lambda: client.get("/accounts/login/"))
        rows: list[tuple[str, float, str]] = []

        rows.append(("hash one password (default hasher)",
                     median_seconds(lambda: make_password(PASSWORD, salt="benchsalt1234567")), ""))
        try:
            argon = get_hasher("argon2")
            rows.append(("hash one password (argon2, for comparison)",
                         median_seconds(lambda: argon.encode(PASSWORD, argon.salt())), ""))
        except ValueError:
            pass

        request_factory = RequestFactory()

        def sign_in_check(password: str) -> object:
            request = request_factory.post("/accounts/login/")
            return authenticate(request, username="bench@example.org", password=password)

        rows.append(("authenticate(), right password",
                     median_seconds(lambda: sign_in_check(PASSWORD)), ""))
        rows.append(("authenticate(), wrong password",
                     median_seconds(lambda: sign_in_check("wrong password 123")), ""))
        AccessAttempt.objects.all().delete()  # five failures locked the account: unlock it
        rows.append(("authenticate(), unknown email",
                     median_seconds(lambda: authenticate(request_factory.post("/accounts/login/"),
                                                         username="nobody@example.org",
                                                         password=PASSWORD)), ""))

        def post_sign_in() -> None:
            fresh = Client()
            response = fresh.post("/accounts/login/", {"username": "bench@example.org",
                                                        "password": PASSWORD})
            assert response.status_code == 302, response.status_code

        rows.append(("sign-in POST, whole request", median_seconds(post_sign_in), ""))

        signed_in = Client()
        signed_in.post("/accounts/login/", {"username": "bench@example.org", "password": PASSWORD})
        rows.append(("first page after sign-in (GET /)", median_seconds(lambda: signed_in.get("/")),
                     ""))

        print(f"{'floor: GET the sign-in page':50} {floor * 1000:8.1f} ms   1.0 x")
        for label, seconds, note in rows:
            print(f"{label:50} {seconds * 1000:8.1f} ms {seconds / floor:5.1f} x  {note}")


if __name__ == "__main__":
    main()
