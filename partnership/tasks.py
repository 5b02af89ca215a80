"""Celery tasks of the core. Feature apps add their daily jobs through the registry."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .registry import registry


@shared_task(name="partnership.tasks.run_daily_reminders")
def run_daily_reminders() -> list[str]:
    """Beat runs this once a day; it enqueues each feature app's daily job."""
    from config.celery import app

    for task_name in registry.daily_jobs:
        app.send_task(task_name)
    return list(registry.daily_jobs)


@shared_task(name="partnership.tasks.send_pending_notifications")
def send_pending_notifications() -> dict[str, int]:
    """Send each person's digest of pending notifications (exactly once; safe to run anytime)."""
    from dataclasses import asdict

    from .notifications import send_pending

    return asdict(send_pending())


@shared_task(name="partnership.tasks.compile_board_pack", bind=True, acks_late=True,
             reject_on_worker_lost=True, soft_time_limit=18 * 60, time_limit=20 * 60)
def compile_board_pack(self: Any, pack_id: int) -> str:
    """Compile one board pack. Idempotent: a pack already ready (or failed) is left alone, and a
    redelivery after a worker died mid-compile starts it again from the beginning."""
    from .board_pack_compile import run_compile

    return run_compile(pack_id, task_id=self.request.id or "")


@shared_task(name="partnership.tasks.requeue_stuck_board_packs")
def requeue_stuck_board_packs() -> list[int]:
    """Beat: re-enqueue packs queued or compiling for too long with no live task (idempotent)."""
    from .board_pack_compile import requeue_stuck

    return requeue_stuck()


@shared_task(name="partnership.tasks.send_invitation")
def send_invitation(user_id: int, partnership_id: int) -> bool:
    """Email a newly added person a link to set their password (once: not if they have one)."""
    from .invitations import send_invitation as send
    from .models import Partnership, User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if user is None or partnership is None or user.has_usable_password():
        return False
    send(user, partnership)
    return True


@shared_task(name="partnership.tasks.send_password_reset")
def send_password_reset(user_id: int, domain: str, protocol: str) -> bool:
    """Email a password-reset link (the token is made now, so it is fresh when it arrives)."""
    from django.conf import settings
    from django.contrib.auth.forms import PasswordResetForm
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from .models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {"email": user.email, "domain": domain, "site_name": settings.SERVICE_NAME,
               "uid": urlsafe_base64_encode(force_bytes(user.pk)), "user": user,
               "token": default_token_generator.make_token(user), "protocol": protocol}
    PasswordResetForm().send_mail("registration/password_reset_subject.txt",
                                  "registration/password_reset_email.html", context, None,
                                  user.email)
    return True


@shared_task(name="partnership.tasks.send_added_notice")
def send_added_notice(user_id: int, partnership_id: int) -> bool:
    """Tell someone who already had an account that a partnership added them."""
    from .invitations import send_added_notice as send
    from .models import Partnership, User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if user is None or partnership is None:
        return False
    send(user, partnership)
    return True
