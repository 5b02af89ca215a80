"""Running a board pack compile for the Celery task: claim, compile, store, tell the coordinator.

Exactly one current pack results whatever the delivery pattern:
- enqueued twice: the second task finds the pack claimed by a live task (recent heartbeat)
  or already ready, and leaves it;
- redelivered after its worker was killed (``acks_late`` + ``reject_on_worker_lost``, or the
  broker's visibility timeout): the redelivery has the same task id, so it starts again;
- lost altogether: the beat job re-enqueues packs whose heartbeat is stale, and the new task
  takes over a stale claim.
Files are written only at the end, inside the row lock, so a killed compile leaves nothing.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import BoardPack, BoardPackStatus

log = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(minutes=3)  # no heartbeat for this long: the task is dead
IN_FLIGHT = (BoardPackStatus.QUEUED, BoardPackStatus.COMPILING)


def _claim(pack_id: int, task_id: str) -> BoardPack | None:
    now = timezone.now()
    with transaction.atomic():
        pack = (BoardPack.objects.select_for_update(of=("self",))
                .select_related("meeting__partnership").filter(pk=pack_id).first())
        if pack is None or pack.status not in IN_FLIGHT:
            return None
        if (pack.status == BoardPackStatus.COMPILING and pack.task_id != task_id
                and pack.heartbeat_at and now - pack.heartbeat_at < STALE_AFTER):
            return None  # another live task is compiling it
        pack.status = BoardPackStatus.COMPILING
        pack.task_id, pack.started_at, pack.heartbeat_at = task_id, now, now
        pack.sections_done = 0
        pack.source_changed_at = pack.meeting.content_changed_at
        pack.save(update_fields=["status", "task_id", "started_at", "heartbeat_at",
                                 "sections_done", "source_changed_at"])
        return pack


def run_compile(pack_id: int, task_id: str = "") -> str:
    from .board_packs import compile_pack

    pack = _claim(pack_id, task_id)
    if pack is None:
        return "nothing to do"

    def progress(done: int, total: int) -> None:
        BoardPack.objects.filter(pk=pack_id, task_id=task_id).update(
            sections_done=done, sections_total=total, heartbeat_at=timezone.now())

    try:
        with tempfile.TemporaryDirectory(prefix="board-pack-") as workdir:
            compiled = compile_pack(pack.meeting, progress=progress, workdir=Path(workdir))
            with transaction.atomic():
                pack = (BoardPack.objects.select_for_update(of=("self",))
                        .select_related("meeting__partnership", "requested_by").get(pk=pack_id))
                if pack.status != BoardPackStatus.COMPILING or pack.task_id != task_id:
                    return "already compiled"  # a takeover finished first
                with compiled.main.path.open("rb") as main:
                    pack.file.save("board-pack.pdf", File(main), save=False)
                if compiled.restricted is not None:
                    with compiled.restricted.path.open("rb") as restricted:
                        pack.restricted_file.save("restricted.pdf", File(restricted), save=False)
                    pack.restricted_page_count = compiled.restricted.page_count
                pack.page_count = compiled.main.page_count
                pack.content_hash = compiled.content_hash
                pack.notes = compiled.note
                pack.status = BoardPackStatus.READY
                pack.compiled_at = timezone.now()
                pack.sections_done = pack.sections_total
                pack.save()
    except Exception as error:  # the reason is shown on the meeting page; the task ends here
        log.exception("Board pack %s failed", pack_id)
        BoardPack.objects.filter(pk=pack_id, task_id=task_id).update(
            status=BoardPackStatus.FAILED, error=f"{error.__class__.__name__}: {error}"[:2000])
        pack.refresh_from_db()
        _tell_coordinator(pack)
        return "failed"
    _tell_coordinator(pack)
    return "compiled"


def _tell_coordinator(pack: BoardPack) -> None:
    """Email whoever asked for the pack: ready (with a link and any papers left out) or failed."""
    user = pack.requested_by
    if user is None or not user.email or not user.is_active:
        return
    meeting = pack.meeting
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "partnership:meeting", args=[meeting.partnership.slug, meeting.pk])
    ready = pack.status == BoardPackStatus.READY
    subject = (f"Board pack ready: {meeting}" if ready
               else f"Board pack could not be compiled: {meeting}")
    body = render_to_string("partnership/email/board_pack.txt", {
        "pack": pack, "meeting": meeting, "url": url, "ready": ready,
        "service_name": settings.SERVICE_NAME})
    send_mail(subject, body, None, [user.email])


def requeue_stuck(now: datetime.datetime | None = None) -> list[int]:
    """Packs queued or compiling whose task shows no sign of life: enqueue them again.

    Safe to run any time: a live compile keeps its heartbeat fresh and is not touched; a
    re-enqueued task takes over a stale claim (see ``_claim``)."""
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    from .tasks import compile_board_pack

    cutoff = (now or timezone.now()) - STALE_AFTER
    stuck = list(BoardPack.objects.filter(status__in=IN_FLIGHT)
                 .annotate(seen=Coalesce("heartbeat_at", "requested_at"))
                 .filter(Q(seen__lt=cutoff)).values_list("pk", flat=True))
    for pack_id in stuck:
        compile_board_pack.delay(pack_id)
    return stuck
