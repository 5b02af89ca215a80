"""Every url() in our stylesheets points at a file we ship (no Crown assets, no 404s).

`collectstatic` with the manifest storage refuses a url() that does not resolve, and the
production site then answers 500 on every page: this scan catches it at test time.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _unresolved(css: Path, static_dir: Path) -> list[str]:
    missing = []
    for match in URL_RE.finditer(css.read_text(encoding="utf-8")):
        target = match.group(2).strip()
        if target.startswith(("data:", "#")) or "://" in target:
            continue
        path = target.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(settings.STATIC_URL):
            resolved = static_dir / path.removeprefix(settings.STATIC_URL)
        elif path.startswith("/"):
            missing.append(f"{css.name}: {target} (outside {settings.STATIC_URL})")
            continue
        else:
            resolved = css.parent / path
        if not resolved.is_file():
            missing.append(f"{css.name}: {target}")
    return missing


def test_every_css_url_resolves_to_a_shipped_file() -> None:
    static_dir = Path(settings.BASE_DIR) / "static"
    stylesheets = sorted(static_dir.rglob("*.css"))
    assert len(stylesheets) >= 4  # app.css and one per feature app
    missing = [m for css in stylesheets for m in _unresolved(css, static_dir)]
    assert missing == []


def test_the_scan_finds_a_missing_image(tmp_path: Path) -> None:
    css = tmp_path / "x.css"
    css.write_text('a{background:url("/static/govuk/assets/images/govuk-crest.svg")}'
                   "b{background:url(data:image/png;base64,AA==)}", encoding="utf-8")
    assert _unresolved(css, tmp_path) == ["x.css: /static/govuk/assets/images/govuk-crest.svg"]


def test_no_crown_or_govuk_images_are_shipped() -> None:
    static_dir = Path(settings.BASE_DIR) / "static"
    names = {p.name for p in static_dir.rglob("*") if p.is_file()}
    assert not names & {"govuk-crest.svg", "favicon.ico", "govuk-icon-180.png",
                        "govuk-icon-192.png", "govuk-icon-512.png", "govuk-icon-mask.svg"}
