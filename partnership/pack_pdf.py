"""The PDF mechanics of the board pack: a WeasyPrint that fetches only our static files, and
papers merged under WeasyPrint-rendered placeholder pages (which carry the running header and
the "Page X of Y" footer, so numbering covers the whole pack)."""

from __future__ import annotations

import hashlib
import logging
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page otherwise
BASE_URL = "https://board-pack.invalid/"
A4 = (595.276, 841.89)


class StaticOnlyFetcher:
    """WeasyPrint ``url_fetcher``: serves our static files (``/static/...``) and nothing else,
    so a pack can never make the worker fetch a remote URL or read a local file by path."""

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        from django.conf import settings
        from django.contrib.staticfiles import finders
        from weasyprint.urls import URLFetcherResponse

        parts = urlsplit(url)
        prefix = settings.STATIC_URL
        found = None
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(prefix):
            relative = parts.path[len(prefix):]
            if ".." not in relative.split("/"):
                found = finders.find(relative)
        if not found or isinstance(found, list):
            self.refused.append(url)
            raise ValueError(f"The board pack only uses our own static files, not {url}")
        body = Path(found).read_bytes()
        kind = "text/css" if found.endswith(".css") else "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    fetch = __call__


@dataclass
class Placeholder:
    """Pages reserved in the rendered HTML for one paper: ids ``paper-<pk>-<n>``."""

    paper_id: int
    pages: int
    open_file: Callable[[], IO[bytes]]


@dataclass
class Bookmark:
    title: str
    anchor: str  # an element id in the HTML
    children: list[Bookmark] = field(default_factory=list)


@dataclass
class RenderedPart:
    path: Path
    page_count: int
    sha256: str


def render_part(html: str, placeholders: Iterable[Placeholder], outline: list[Bookmark],
                target: Path) -> RenderedPart:
    """Render ``html`` (tagged PDF), merge each paper's pages under its placeholder pages, and
    write ``outline`` as the PDF bookmarks (the stylesheet turns WeasyPrint's own off).

    Papers are opened one at a time and closed once merged, so only the one being merged is
    read in; the result is written to ``target``."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    page_of: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:  # an element spanning pages is listed on each: keep the first
            page_of.setdefault(anchor, index)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document.write_pdf(pdf_tags=True))))
    for placeholder in placeholders:
        with placeholder.open_file() as handle:
            reader = PdfReader(handle)
            for number, page in enumerate(reader.pages[:placeholder.pages]):
                stamp = writer.pages[page_of[f"paper-{placeholder.paper_id}-{number}"]]
                width, height = float(page.mediabox.width), float(page.mediabox.height)
                scale = min(A4[0] / width, A4[1] / height) if width and height else 1
                left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
                move = (Transformation().translate(-left, -bottom).scale(scale, scale)
                        .translate((A4[0] - width * scale) / 2, (A4[1] - height * scale) / 2))
                stamp.merge_transformed_page(page, move, over=False)
    _add_outline(writer, outline, page_of, parent=None)
    with target.open("wb") as out:
        writer.write(out)
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return RenderedPart(path=target, page_count=len(writer.pages), sha256=digest.hexdigest())


def _add_outline(writer: Any, outline: list[Bookmark], page_of: dict[str, int],
                 parent: Any) -> None:
    for bookmark in outline:
        node = writer.add_outline_item(title=bookmark.title, page_number=page_of[bookmark.anchor],
                                       parent=parent)
        _add_outline(writer, bookmark.children, page_of, parent=node)
