"""The notification outbox: enqueue notices now, send one plain-text digest per person per day.

The API (stable; funding and reviews use it too):

- :func:`register_kind` ``(kind, heading)``: call from your ``AppConfig.ready()``; the heading
  introduces your lines in the digest (e.g. "Action plan updates due soon").
- :func:`notify` ``(*, kind, subject, recipient, partnership, line, url="", period="")``:
  enqueue one notice. Idempotent: (kind, subject object, period, recipient) is unique in the
  database, so a daily job may call it as often as it likes.
- :func:`notify_many` ``(notices)``: the same for many :class:`Notice` objects, one INSERT.
- :func:`send_pending` (task ``partnership.tasks.send_pending_notifications``): gathers each
  person's pending notices into their :class:`~partnership.models.EmailDigest` for today and
  sends it.

Delivery. Each digest moves ready → sending → sent. "One per person per day" is a unique
constraint on (recipient, day). Workers claim digests with ``SELECT … FOR UPDATE SKIP LOCKED``
and commit the *sending* state (with a lease and a fresh claim token) before handing the email
to the backend, then mark it sent. So:

- two workers at once never claim the same digest (row locks + the unique constraint);
- running again re-sends nothing: a sent digest is never picked again;
- every digest has one ``Message-ID``, fixed when the digest is made and sent on every
  attempt: a relay that de-duplicates by Message-ID (or GOV.UK Notify's ``reference``) sees a
  re-send as the same message;
- a worker killed between send and mark leaves the digest *sending*; when its lease expires
  the next run rotates the claim token (the stopped worker, should it wake up, can no longer
  mark or fail the digest: every write after the claim filters on the sending state and the
  token) and then, by ``NOTIFICATIONS_RESEND_UNCONFIRMED``:

  * False (the default, **at most once**): the digest becomes *unconfirmed* and is NOT sent
    again (it may well have gone). Coordinators see an alert on the partnership's home page
    listing their people's unconfirmed digests; the admin shows the stored subject and body.
  * True (**exactly once, where the mail server de-duplicates** by Message-ID): the digest goes
    back to *retry* and is re-sent with the same Message-ID. Only switch this on behind such a
    relay: a plain SMTP server would deliver the email twice.

- a backend error (the mail server refused) is a clean failure: the digest goes back to
  *retry* and is sent on a later run; the :data:`MAX_ATTEMPTS`-th failure makes it *failed*.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import make_msgid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import DigestStatus, EmailDigest, Notification

if TYPE_CHECKING:
    from django.db.models import Model

    from .models import Partnership, User

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
_KIND_HEADINGS: dict[str, str] = {}


def register_kind(kind: str, heading: str) -> None:
    """Name a kind of notice; its heading groups its lines in the digest."""
    _KIND_HEADINGS[kind] = heading


def heading_for(kind: str) -> str:
    return _KIND_HEADINGS.get(kind, kind.replace("_", " ").replace(".", ": ").capitalize())


@dataclass(frozen=True)
class Notice:
    kind: str
    subject: Model
    recipient: User
    partnership: Partnership
    line: str
    url: str = ""
    period: str = ""


def notify(*, kind: str, subject: Model, recipient: User, partnership: Partnership,
           line: str, url: str = "", period: str = "") -> None:
    """Enqueue one notice (nothing happens if the same one is already queued or sent)."""
    notify_many([Notice(kind=kind, subject=subject, recipient=recipient,
                        partnership=partnership, line=line, url=url, period=period)])


def notify_many(notices: Iterable[Notice]) -> None:
    """Enqueue notices in one INSERT … ON CONFLICT DO NOTHING."""
    rows = [
        Notification(
            partnership_id=notice.partnership.pk, kind=notice.kind,
            subject_type=ContentType.objects.get_for_model(notice.subject),
            subject_id=notice.subject.pk, period=notice.period,
            recipient_id=notice.recipient.pk, line=notice.line[:500], url=notice.url[:500])
        for notice in notices
    ]
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)


@dataclass
class SendReport:
    gathered: int = 0
    sent: int = 0
    retried: int = 0
    unconfirmed: int = 0


def send_pending(*, now: datetime.datetime | None = None) -> SendReport:
    """Gather pending notices into today's digests and send every digest that is ready."""
    now = now or timezone.now()
    report = SendReport()
    report.unconfirmed = _expire_leases(now)
    report.gathered = _gather(day=timezone.localdate(now))
    connection = get_connection(fail_silently=False)
    connection.open()
    tried: set[int] = set()
    try:
        while (claim := _claim_next(now, exclude=tried)) is not None:
            digest, token = claim
            tried.add(digest.pk)
            if _deliver(connection, digest):
                _mark_sent(digest.pk, token)
                report.sent += 1
            else:  # retried on a later run
                report.retried += 1
    finally:
        connection.close()
    return report


def _expire_leases(now: datetime.datetime) -> int:
    """A digest still *sending* after its lease: its worker died mid-send. The claim token is
    rotated (so that worker can no longer touch it); it is re-sent only when the mail server
    de-duplicates by Message-ID (``NOTIFICATIONS_RESEND_UNCONFIRMED``)."""
    resend = getattr(settings, "NOTIFICATIONS_RESEND_UNCONFIRMED", False)
    expired = EmailDigest.objects.filter(status=DigestStatus.SENDING, lease_until__lt=now)
    count = expired.update(status=DigestStatus.RETRY if resend else DigestStatus.UNCONFIRMED,
                           claim_token=None, lease_until=None)
    if count:
        log.warning("%s email digest(s) left mid-send by a stopped worker: %s.", count,
                    "re-sent with the same Message-ID" if resend else "not re-sent")
    return count


def _gather(*, day: datetime.date) -> int:
    """Attach each person's pending notices to their digest for ``day`` (made if needed)."""
    gathered = 0
    recipients = list(Notification.objects.filter(digest__isnull=True)
                      .values_list("recipient_id", flat=True).distinct())
    for recipient_id in recipients:
        with transaction.atomic():
            pending = list(Notification.objects.select_for_update(of=("self",), skip_locked=True)
                           .filter(recipient_id=recipient_id, digest__isnull=True)
                           .values_list("pk", flat=True))
            if not pending:
                continue
            EmailDigest.objects.bulk_create(
                [EmailDigest(recipient_id=recipient_id, day=day, message_id=_message_id())],
                ignore_conflicts=True)
            digest = (EmailDigest.objects.select_for_update(of=("self",), skip_locked=True)
                      .filter(recipient_id=recipient_id, day=day,
                              status__in=[DigestStatus.READY, DigestStatus.RETRY]).first())
            if digest is None:  # today's email has gone (or is going): these wait for tomorrow
                continue
            gathered += _attach(pending, digest)
    return gathered


def _attach(notification_ids: list[int], digest: EmailDigest) -> int:
    """Put pending notices into the digest; a notice already in a digest stays where it is."""
    return (Notification.objects.filter(pk__in=notification_ids, digest__isnull=True)
            .update(digest=digest))


def _message_id() -> str:
    domain = getattr(settings, "EMAIL_MESSAGE_ID_DOMAIN", "csp-portal.local")
    return make_msgid(idstring=uuid.uuid4().hex[:12], domain=domain)


def _claim_next(now: datetime.datetime,
                exclude: set[int]) -> tuple[EmailDigest, uuid.UUID] | None:
    """Lock one ready digest, render it and commit it as *sending* under a fresh token."""
    while True:
        with transaction.atomic():
            digest = (EmailDigest.objects.select_for_update(of=("self",), skip_locked=True)
                      .filter(status__in=[DigestStatus.READY, DigestStatus.RETRY],
                              day__lte=timezone.localdate(now))
                      .exclude(pk__in=exclude).select_related("recipient").order_by("pk").first())
            if digest is None:
                return None
            lines = list(digest.notifications.select_related("partnership")
                         .order_by("kind", "created_at", "pk"))
            if not lines:
                digest.delete()
                continue
            digest.subject, digest.body = render_digest(digest.recipient, lines)
            token = uuid.uuid4()
            digest.status = DigestStatus.SENDING
            digest.claim_token = token
            digest.lease_until = now + LEASE
            digest.attempts += 1
            digest.save()
            return digest, token


def _deliver(connection: Any, digest: EmailDigest) -> bool:
    message = EmailMessage(subject=digest.subject, body=digest.body,
                           to=[digest.recipient.email], connection=connection,
                           headers={"Message-ID": digest.message_id})
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - the server refused: a clean, retryable failure
        status = DigestStatus.RETRY if digest.attempts < MAX_ATTEMPTS else DigestStatus.FAILED
        EmailDigest.objects.filter(pk=digest.pk, status=DigestStatus.SENDING,
                                   claim_token=digest.claim_token).update(
            status=status, last_error=str(error)[:1000], lease_until=None, claim_token=None)
        log.warning("Email digest %s not sent (%s): %s", digest.pk, status, error)
        return False
    return True


def _mark_sent(digest_id: int, token: uuid.UUID) -> bool:
    """Mark the digest sent if this worker's claim still holds (its lease did not expire)."""
    return bool(EmailDigest.objects.filter(pk=digest_id, status=DigestStatus.SENDING,
                                           claim_token=token).update(
        status=DigestStatus.SENT, sent_at=timezone.now(), lease_until=None))


def absolute_url(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.PORTAL_BASE_URL.rstrip("/") + url


def render_digest(recipient: User, lines: list[Notification]) -> tuple[str, str]:
    """A plain, short email: a greeting, each kind's heading and its lines with links."""
    count = len(lines)
    subject = f"{settings.SERVICE_NAME}: {count} item{'s' if count != 1 else ''} for you"
    parts = [f"Hello {recipient.get_short_name()},", ""]
    current_kind = None
    for note in lines:
        if note.kind != current_kind:
            if current_kind is not None:
                parts.append("")
            parts.append(f"{heading_for(note.kind)} ({note.partnership.name}):")
            current_kind = note.kind
        parts.append(f"- {note.line}")
        if note.url:
            parts.append(f"  {absolute_url(note.url)}")
    parts += ["", f"This is your daily summary from the {settings.SERVICE_NAME}. "
                  "You get at most one of these a day."]
    return subject[:200], "\n".join(parts)
