"""The outbox's claim token, attempt limit and re-send policy, each pinned by a test."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from partnership import notifications
from partnership.models import DigestStatus, EmailDigest, Notification
from partnership.notifications import Notice, notify_many, send_pending
from tests import factories

pytestmark = pytest.mark.django_db

PartnershipFactory: Any = factories.PartnershipFactory
UserFactory: Any = factories.UserFactory
MeetingFactory: Any = factories.MeetingFactory


def _one_notice(user: Any = None, period: str = "2015/16 Q3") -> Any:
    partnership = PartnershipFactory()
    user = user or UserFactory()
    meeting = MeetingFactory(partnership=partnership)
    notify_many([Notice(kind="tests.reminder", subject=meeting, recipient=user,
                        partnership=partnership, line="Update due", period=period)])
    return user


def _refuse(self: Any, fail_silently: bool = False) -> int:
    raise OSError("connection refused")


def test_the_fifth_refusal_makes_the_digest_failed_and_it_is_not_tried_again(
        monkeypatch: Any) -> None:
    assert notifications.MAX_ATTEMPTS == 5
    _one_notice()
    monkeypatch.setattr(mail.EmailMessage, "send", _refuse)
    statuses = []
    for _attempt in range(5):
        send_pending()
        digest = EmailDigest.objects.get()
        statuses.append((digest.attempts, digest.status))
    assert statuses == [(1, DigestStatus.RETRY), (2, DigestStatus.RETRY), (3, DigestStatus.RETRY),
                        (4, DigestStatus.RETRY), (5, DigestStatus.FAILED)]
    assert digest.last_error == "connection refused"
    monkeypatch.undo()
    assert send_pending().sent == 0
    assert mail.outbox == []


def _claim() -> tuple[EmailDigest, Any]:
    notifications._gather(day=timezone.localdate())
    claim = notifications._claim_next(timezone.now(), exclude=set())
    assert claim is not None
    return claim


def test_a_worker_whose_lease_expired_can_no_longer_mark_the_digest_sent() -> None:
    _one_notice()
    digest, token = _claim()
    later = timezone.now() + notifications.LEASE + datetime.timedelta(seconds=1)
    assert notifications._expire_leases(later) == 1
    digest.refresh_from_db()
    assert digest.claim_token is None  # rotated: the old token matches nothing
    assert notifications._mark_sent(digest.pk, token) is False
    digest.refresh_from_db()
    assert digest.status == DigestStatus.UNCONFIRMED and digest.sent_at is None


def test_a_lease_is_expired_only_after_it_ends() -> None:
    _one_notice()
    digest, _token = _claim()
    assert notifications._expire_leases(digest.lease_until) == 0  # type: ignore[arg-type]
    assert notifications._expire_leases(
        digest.lease_until + datetime.timedelta(microseconds=1)) == 1  # type: ignore[operator]


def test_marking_sent_needs_the_sending_state_as_well_as_the_token() -> None:
    _one_notice()
    digest, token = _claim()
    EmailDigest.objects.filter(pk=digest.pk).update(status=DigestStatus.UNCONFIRMED)
    assert notifications._mark_sent(digest.pk, token) is False
    assert EmailDigest.objects.get().status == DigestStatus.UNCONFIRMED
    EmailDigest.objects.filter(pk=digest.pk).update(status=DigestStatus.SENDING)
    assert notifications._mark_sent(digest.pk, token) is True
    assert EmailDigest.objects.get().status == DigestStatus.SENT


def test_a_stale_worker_s_failure_does_not_undo_a_new_claim(monkeypatch: Any,
                                                            settings: Any) -> None:
    """With re-sending on: the digest is re-claimed by another worker after the lease; the
    first worker's late refusal must not put it back to *retry* under the second's feet."""
    settings.NOTIFICATIONS_RESEND_UNCONFIRMED = True
    _one_notice()
    stale, _old_token = _claim()
    later = timezone.now() + notifications.LEASE + datetime.timedelta(seconds=1)
    assert notifications._expire_leases(later) == 1
    assert EmailDigest.objects.get().status == DigestStatus.RETRY
    _fresh, new_token = notifications._claim_next(later, exclude=set())  # type: ignore[misc]
    monkeypatch.setattr(mail.EmailMessage, "send", _refuse)
    assert notifications._deliver(mail.get_connection(), stale) is False
    current = EmailDigest.objects.get()
    assert (current.status, current.claim_token) == (DigestStatus.SENDING, new_token)


def test_re_sending_an_unconfirmed_digest_keeps_its_message_id(settings: Any,
                                                               monkeypatch: Any) -> None:
    settings.NOTIFICATIONS_RESEND_UNCONFIRMED = True
    _one_notice()
    digest, _token = _claim()
    message_id = digest.message_id
    later = timezone.now() + notifications.LEASE + datetime.timedelta(seconds=1)
    report = send_pending(now=later)
    assert (report.unconfirmed, report.sent) == (1, 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id
    assert EmailDigest.objects.get().status == DigestStatus.SENT


def test_by_default_an_unconfirmed_digest_is_not_re_sent() -> None:
    _one_notice()
    _claim()
    later = timezone.now() + notifications.LEASE + datetime.timedelta(seconds=1)
    report = send_pending(now=later)
    assert (report.unconfirmed, report.sent) == (1, 0)
    assert mail.outbox == []
    assert EmailDigest.objects.get().status == DigestStatus.UNCONFIRMED


def test_attaching_leaves_a_notice_already_in_a_digest_where_it_is() -> None:
    user = _one_notice()
    _one_notice(user=user, period="2015/16 Q4")
    first, second = Notification.objects.order_by("pk")
    today = timezone.localdate()
    earlier = EmailDigest.objects.create(recipient=user, day=today - datetime.timedelta(days=1),
                                         message_id="<earlier@test>")
    Notification.objects.filter(pk=first.pk).update(digest=earlier)
    todays = EmailDigest.objects.create(recipient=user, day=today, message_id="<today@test>")
    assert notifications._attach([first.pk, second.pk], todays) == 1
    assert dict(Notification.objects.values_list("pk", "digest_id")) == {
        first.pk: earlier.pk, second.pk: todays.pk}


def test_coordinators_see_an_alert_for_their_people_s_unconfirmed_digests(client_for: Any) -> None:
    from partnership.models import Role
    from tests.factories import member

    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    viewer = member(partnership, Role.VIEWER, full_name="Vera Viewer")
    stranger = UserFactory(full_name="Sam Stranger")
    for person in (viewer, stranger):
        EmailDigest.objects.create(recipient=person, day=datetime.date(2026, 11, 30),
                                   message_id=f"<{person.pk}@test>", subject="2 items for you",
                                   status=DigestStatus.UNCONFIRMED)
    url = f"/p/{partnership.slug}/"
    page = client_for(coordinator).get(url).content.decode()
    assert "1 daily email may not have reached its reader" in page
    assert "Vera Viewer" in page and "30 November 2026" in page
    assert "Sam Stranger" not in page  # not one of this partnership's people
    assert "may not have reached" not in client_for(viewer).get(url).content.decode()
    EmailDigest.objects.filter(recipient=viewer).update(status=DigestStatus.SENT)
    assert "may not have reached" not in client_for(coordinator).get(url).content.decode()


def test_a_long_refusal_is_kept_to_its_first_thousand_characters(monkeypatch: Any) -> None:
    """Mutant ``_deliver`` 32 (``[:1000]`` → ``[:1001]``): the error kept on the digest for the
    coordinators' alert is the server's message cut at 1,000 characters."""
    _one_notice()
    reason = "5.7.1 " + "refused " * 200  # 1,606 characters

    def refuse_at_length(self: Any, fail_silently: bool = False) -> int:
        raise OSError(reason)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_at_length)
    send_pending()
    digest = EmailDigest.objects.get()
    assert digest.status == DigestStatus.RETRY
    assert len(digest.last_error) == 1000
    assert digest.last_error == reason[:1000]


def test_a_sent_digest_holds_no_lease_and_a_message_id_on_the_portal_s_domain() -> None:
    """Mutant ``_mark_sent`` 6 (the lease left on a sent digest) and ``_message_id`` 11 (the
    default domain of the Message-ID changed)."""
    _one_notice()
    assert send_pending().sent == 1
    digest = EmailDigest.objects.get()
    assert (digest.status, digest.lease_until) == (DigestStatus.SENT, None)
    assert digest.message_id.endswith("@csp-portal.local>")
    assert mail.outbox[0].extra_headers["Message-ID"] == digest.message_id
