"""The notification outbox: idempotent enqueue, daily digests, exactly-once sending."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from partnership import notifications
from partnership.models import DigestStatus, EmailDigest, Notification
from partnership.notifications import Notice, notify, notify_many, send_pending
from tests import factories

# factory-boy's classes type as themselves when called: Any keeps mypy quiet in tests.
PartnershipFactory: Any = factories.PartnershipFactory
UserFactory: Any = factories.UserFactory
MeetingFactory: Any = factories.MeetingFactory

KIND = "tests.reminder"


def _notice(partnership: Any, subject: Any, user: Any, period: str = "2015/16 Q3",
            kind: str = KIND) -> Notice:
    return Notice(kind=kind, subject=subject, recipient=user, partnership=partnership,
                  line=f"Update {subject.pk} due", url=f"/p/{partnership.slug}/x/{subject.pk}/",
                  period=period)


@pytest.mark.django_db
def test_enqueue_is_idempotent() -> None:
    partnership = PartnershipFactory()
    user = UserFactory()
    meeting = MeetingFactory(partnership=partnership)
    for _ in range(3):
        notify(kind=KIND, subject=meeting, recipient=user, partnership=partnership,
               line="Something", period="2015/16 Q3")
    notify(kind=KIND, subject=meeting, recipient=user, partnership=partnership,
           line="Something", period="2015/16 Q4")
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_one_digest_per_person_per_day() -> None:
    partnership = PartnershipFactory()
    alice, bob = UserFactory(full_name="Alice Smith"), UserFactory()
    meetings = [MeetingFactory(partnership=partnership) for _ in range(3)]
    notifications.register_kind("tests.other", "Something else")
    notify_many([_notice(partnership, m, alice) for m in meetings]
                + [_notice(partnership, meetings[0], alice, kind="tests.other"),
                   _notice(partnership, meetings[0], bob)])
    report = send_pending()
    assert report.sent == 2
    assert sorted(str(m.body).count("\n- ") for m in mail.outbox) == [1, 4]
    to_alice = next(m for m in mail.outbox if m.to == [alice.email])
    assert to_alice.body.startswith("Hello Alice,")
    assert "Something else" in to_alice.body
    assert f"http://127.0.0.1:8000/p/{partnership.slug}/x/{meetings[1].pk}/" in to_alice.body
    assert to_alice.extra_headers["Message-ID"] == EmailDigest.objects.get(recipient=alice).message_id

    # Running again sends nothing; a new notice today waits for tomorrow's digest.
    assert send_pending().sent == 0
    notify_many([_notice(partnership, meetings[0], alice, period="2015/16 Q4")])
    assert send_pending().sent == 0
    assert len(mail.outbox) == 2
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send_pending(now=tomorrow).sent == 1
    assert len(mail.outbox) == 3 and "1 item for you" in mail.outbox[2].subject


@pytest.mark.django_db
def test_backend_failure_is_retried_and_sent_once(monkeypatch: Any) -> None:
    partnership = PartnershipFactory()
    user = UserFactory()
    notify_many([_notice(partnership, MeetingFactory(partnership=partnership), user)])
    real_send = mail.EmailMessage.send

    def refuse(self: Any, fail_silently: bool = False) -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    report = send_pending()
    assert (report.sent, report.retried) == (0, 1)
    assert EmailDigest.objects.get().status == DigestStatus.RETRY
    monkeypatch.setattr(mail.EmailMessage, "send", real_send)
    assert send_pending().sent == 1
    assert send_pending().sent == 0
    assert len(mail.outbox) == 1


class Killed(BaseException):
    """Stands for the worker process dying: nothing after it runs, no except clause catches it."""


@pytest.mark.django_db
def test_crash_between_send_and_mark_never_sends_twice(monkeypatch: Any) -> None:
    partnership = PartnershipFactory()
    user = UserFactory()
    notify_many([_notice(partnership, MeetingFactory(partnership=partnership), user)])

    def die(*args: Any, **kwargs: Any) -> None:
        raise Killed

    monkeypatch.setattr(notifications, "_mark_sent", die)
    with pytest.raises(Killed):
        send_pending()
    assert len(mail.outbox) == 1
    assert EmailDigest.objects.get().status == DigestStatus.SENDING
    monkeypatch.undo()

    # Another worker runs before the lease expires, then after: nothing is sent again.
    assert send_pending().sent == 0
    later = timezone.now() + notifications.LEASE + datetime.timedelta(seconds=1)
    report = send_pending(now=later)
    assert (report.sent, report.unconfirmed) == (0, 1)
    assert send_pending(now=later + datetime.timedelta(days=1)).sent == 0
    assert len(mail.outbox) == 1
    assert EmailDigest.objects.get().status == DigestStatus.UNCONFIRMED


@pytest.mark.django_db
def test_crash_before_claim_commits_is_sent_later(monkeypatch: Any) -> None:
    partnership = PartnershipFactory()
    user = UserFactory()
    notify_many([_notice(partnership, MeetingFactory(partnership=partnership), user)])

    def die(*args: Any, **kwargs: Any) -> None:
        raise Killed

    monkeypatch.setattr(notifications, "render_digest", die)  # inside the claim transaction
    with pytest.raises(Killed):
        send_pending()
    monkeypatch.undo()
    assert mail.outbox == []
    assert send_pending().sent == 1
    assert len(mail.outbox) == 1


def _run_worker(barrier: Any, errors: list[BaseException]) -> None:
    try:
        barrier.wait(timeout=30)
        send_pending()
    except BaseException as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_workers_send_each_digest_once() -> None:
    partnership = PartnershipFactory()
    users = [UserFactory() for _ in range(25)]
    meetings = [MeetingFactory(partnership=partnership) for _ in range(4)]
    notify_many([_notice(partnership, m, u) for u in users for m in meetings])
    for _round in range(3):  # a few rounds to give the race a chance
        barrier = threading.Barrier(3)
        errors: list[BaseException] = []
        workers = [threading.Thread(target=_run_worker, args=(barrier, errors)) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert not errors, errors
    recipients = sorted(str(m.to[0]) for m in mail.outbox)
    assert recipients == sorted(u.email for u in users)
    assert all(str(m.body).count("\n- ") == 4 for m in mail.outbox)
    assert set(EmailDigest.objects.values_list("status", flat=True)) == {DigestStatus.SENT}


def _sent_files(folder: Path) -> int:
    """The file backend writes each connection's messages to one file (empty if none sent)."""
    return sum(path.read_text().count("\nMessage-ID: ") for path in folder.iterdir())


def _killed_worker(outdir: str) -> None:
    """Child process: sends, then dies (SIGKILL-like os._exit) before marking the digest."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = outdir
    notifications._mark_sent = lambda *a, **k: os._exit(9)  # type: ignore[assignment]
    send_pending()
    os._exit(0)


@pytest.mark.django_db(transaction=True)
def test_worker_process_killed_mid_send(tmp_path: Path, settings: Any) -> None:
    partnership = PartnershipFactory()
    user = UserFactory()
    notify_many([_notice(partnership, MeetingFactory(partnership=partnership), user)])
    connections.close_all()
    child = multiprocessing.get_context("fork").Process(target=_killed_worker,
                                                        args=(str(tmp_path),))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 9
    assert _sent_files(tmp_path) == 1
    assert EmailDigest.objects.get().status == DigestStatus.SENDING

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    later = timezone.now() + notifications.LEASE + datetime.timedelta(minutes=1)
    send_pending(now=later)
    send_pending(now=later + datetime.timedelta(days=1))
    assert _sent_files(tmp_path) == 1
    assert EmailDigest.objects.get().status == DigestStatus.UNCONFIRMED


@pytest.mark.django_db
def test_a_notice_without_a_link_or_period_is_stored_without_them() -> None:
    """Mutant ``notify`` 1 (and 2): the defaults of ``url`` and ``period`` changed. A notice
    given neither stores empty ones: the digest then shows no link for it."""
    partnership = PartnershipFactory()
    meeting = MeetingFactory(partnership=partnership)
    notify(kind=KIND, subject=meeting, recipient=UserFactory(), partnership=partnership,
           line="Minutes approved")
    assert list(Notification.objects.values_list("line", "url", "period")) == [
        ("Minutes approved", "", "")]
