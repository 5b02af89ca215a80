"""The PDF mechanics of the board pack: a WeasyPrint that fetches only our static files, and
papers merged under WeasyPrint-rendered placeholder pages (which carry the running header and
the "Page X of Y" footer, so numbering covers the whole pack)."""

from __future__ import annotations

import hashlib
import io
import logging
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
    from pypdf import PdfReader, PdfWriter
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
                draw_under(writer, stamp, page, name=f"/Paper{placeholder.paper_id}p{number}")
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


# /Rotate (clockwise, a multiple of 90) as the matrix that turns a page's box, moved to the
# origin, into the upright page a viewer shows: (x, y) -> (a x + c y + e, b x + d y + f).
ROTATIONS: dict[int, Callable[[float, float], str]] = {
    0: lambda w, h: "1 0 0 1 0 0",
    90: lambda w, h: f"0 -1 1 0 0 {w:.4f}",
    180: lambda w, h: f"-1 0 0 -1 {w:.4f} {h:.4f}",
    270: lambda w, h: f"0 1 -1 0 {h:.4f} 0",
}


def _shown(page: Any, width: float, height: float) -> tuple[int, tuple[float, float]]:
    """The page's rotation (0, 90, 180 or 270; anything else counts as 0) and the size a viewer
    shows: a quarter turn swaps width and height."""
    try:
        rotate = int(page.rotation) % 360  # pypdf resolves an inherited or indirect /Rotate
    except (TypeError, ValueError):
        rotate = 0
    if rotate not in ROTATIONS:
        rotate = 0
    return rotate, ((height, width) if rotate in (90, 270) else (width, height))


def draw_under(writer: Any, stamp: Any, page: Any, *, name: str) -> None:
    """Draw ``page`` (of another PDF) under the content of ``stamp`` (a page of ``writer``),
    scaled to fit A4 and centred.

    The page becomes a Form XObject that the stamp page draws first. Unlike pypdf's
    ``merge_page`` nothing is parsed or renamed (its resources stay its own), which is what
    makes merging hundreds of pages fast."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    box = page.mediabox
    width, height = float(box.width), float(box.height)
    rotate, (shown_width, shown_height) = _shown(page, width, height)
    scale = min(A4[0] / shown_width, A4[1] / shown_height) if width and height else 1.0
    left = (A4[0] - shown_width * scale) / 2
    bottom = (A4[1] - shown_height * scale) / 2
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is None:
        data = b""
    elif isinstance(contents, ArrayObject):
        data = b"\n".join(part.get_object().get_data() for part in contents)
    else:
        data = contents.get_data()
    form = DecodedStreamObject()
    form.set_data(data)
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (box.left, box.bottom,
                                                                  box.right, box.top)),
    })
    if "/Resources" in page:
        form[NameObject("/Resources")] = page["/Resources"].get_object().clone(writer)
    form_ref = writer._add_object(form.flate_encode())
    resources = stamp.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        stamp[NameObject("/Resources")] = resources
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[NameObject(name)] = form_ref
    prefix = DecodedStreamObject()
    # Read right to left: move the box to the origin, turn it as a viewer would (/Rotate is
    # clockwise), then scale it to fit A4 and centre it.
    prefix.set_data((f"q {scale:.6f} 0 0 {scale:.6f} {left:.4f} {bottom:.4f} cm "
                     f"{ROTATIONS[rotate](width, height)} cm "
                     f"1 0 0 1 {-float(box.left):.4f} {-float(box.bottom):.4f} cm {name} Do Q\n")
                    .encode())
    existing = stamp.get("/Contents")
    parts = ArrayObject([writer._add_object(prefix)])
    if existing is not None:
        existing_object = existing.get_object()
        if isinstance(existing_object, ArrayObject):
            parts.extend(existing_object)
        else:
            parts.append(existing if hasattr(existing, "idnum") else writer._add_object(existing))
    stamp[NameObject("/Contents")] = parts
