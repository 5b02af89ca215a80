"""Benchmark: compiling a large board pack (issue 13).

A generated meeting of the demo's Huntingdonshire partnership (every section populated: the
demo's performance figures, actions, awards, task and finish groups, the last meeting's
minutes and action log) with 20 agenda items, papers of 1 to 5 pages with text, two items
confidential. The compile runs in a fresh child process, as a worker would, which reports the
wall time and its peak RSS. The floor is the same child compiling a one-item meeting without
papers, measured in the same run; figures are printed beside it and as a ratio to it.

Goal on the 2-core machine: at least 5 pages per second and under 400 MB peak RSS.

    .venv/bin/python bench/board_pack.py
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, bench_database

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from partnership.board_pack_compile import run_compile
from partnership.models import BoardPack
pack_id = int(sys.argv[1])
start = time.perf_counter()
outcome = run_compile(pack_id, task_id="bench")
seconds = time.perf_counter() - start
pack = BoardPack.objects.get(pk=pack_id)
print(json.dumps({"seconds": seconds, "outcome": outcome, "error": pack.error,
                  "pages": pack.page_count, "restricted_pages": pack.restricted_page_count or 0,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def text_pdf(title: str, pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<section style="break-after: page"><h1>{title}</h1><p>Page {n + 1}. '
        + "The partnership reviewed the figures and agreed the actions below. " * 40
        + "</p></section>" for n in range(pages))
    return HTML(string=f"<html lang='en'><body>{body}</body></html>").write_pdf()


def build(title: str, items: int, with_papers: bool) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from partnership import services
    from partnership.models import BoardPack, Partnership, User

    hunts = Partnership.objects.get(slug="huntingdonshire")
    coordinator = User.objects.get(email="coordinator@huntingdonshire.example")
    meeting = services.meeting_create(partnership=hunts, by=coordinator, title=title,
                                      starts_at=timezone.now() + datetime.timedelta(days=60),
                                      location="Pathfinder House")
    templates = {pages: text_pdf(f"Paper of {pages} pages", pages) for pages in range(1, 6)}
    for order in range(1, items + 1):
        item = services.agenda_item_add(meeting=meeting, by=coordinator, title=f"Item {order}",
                                        confidential=order in (7, 15))
        if with_papers:
            for number in range(1 + order % 2):
                pages = 1 + (order + number) % 5
                services.paper_upload(item=item, by=coordinator, title=f"Paper {order}.{number}",
                                      upload=SimpleUploadedFile(f"p{order}-{number}.pdf",
                                                                templates[pages]))
    pack = BoardPack.objects.create(meeting=meeting, requested_by=coordinator)
    return pack.pk


def compile_in_child(pack_id: int, media: str) -> dict[str, object]:
    from django.db import connection

    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "MEDIA_ROOT": media,
           "DATABASE_URL": f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(pack_id)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command

    with bench_database(), tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = Path(media)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        floor_id = build("Floor meeting", items=1, with_papers=False)
        big_id = build("Large meeting", items=20, with_papers=True)
        floor = compile_in_child(floor_id, media)
        big = compile_in_child(big_id, media)
    for name, run in (("floor (1 item, no papers)", floor), ("large (20 items)", big)):
        assert run["outcome"] == "compiled", run
        pages = int(run["pages"]) + int(run["restricted_pages"])  # type: ignore[call-overload]
        seconds = float(run["seconds"])  # type: ignore[arg-type]
        print(f"{name:28s} {pages:4d} pages ({run['pages']} main + {run['restricted_pages']} "
              f"restricted)  {seconds:6.2f} s  {pages / seconds:6.1f} pages/s  "
              f"peak RSS {int(run['peak_kb']) / 1024:6.0f} MB")  # type: ignore[call-overload]
    big_pages = int(big["pages"]) + int(big["restricted_pages"])  # type: ignore[call-overload]
    floor_pages = int(floor["pages"]) + int(floor["restricted_pages"])  # type: ignore[call-overload]
    rate = big_pages / float(big["seconds"])  # type: ignore[arg-type]
    floor_rate = floor_pages / float(floor["seconds"])  # type: ignore[arg-type]
    peak_mb = int(big["peak_kb"]) / 1024  # type: ignore[call-overload]
    print(f"ratio to floor: {rate / floor_rate:.2f}x pages/s, "
          f"{float(big['seconds']) / float(floor['seconds']):.2f}x time, "  # type: ignore[arg-type]
          f"{peak_mb / (int(floor['peak_kb']) / 1024):.2f}x peak RSS")  # type: ignore[call-overload]
    print(f"goal: >= 5 pages/s ({'met' if rate >= 5 else 'NOT met'}: {rate:.1f}), "
          f"< 400 MB ({'met' if peak_mb < 400 else 'NOT met'}: {peak_mb:.0f} MB), "
          f">= 60 pages ({'met' if int(big['pages']) >= 60 else 'NOT met'}: {big['pages']})")  # type: ignore[call-overload]


if __name__ == "__main__":
    main()
