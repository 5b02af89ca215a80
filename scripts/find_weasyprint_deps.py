"""Check WeasyPrint's system libraries (Pango, HarfBuzz) and fonts, the way find_chromium.py
checks the browser: render a one-line PDF and read its text back.

Prints what it found. If something is missing it says exactly which system packages to
install; with CI=true it then exits 1 (elsewhere the PDF tests would fail with the same
message from WeasyPrint).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

PROBE = "Community safety partnership board pack"

INSTALL = (
    "\nPDFs (board packs, grant letters) are made by WeasyPrint, which needs Pango, HarfBuzz\n"
    "and at least one font on the system:\n"
    "  Debian/Ubuntu:  sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0 fonts-dejavu-core\n"
    "  Fedora:         sudo dnf install -y pango harfbuzz dejavu-sans-fonts\n"
    "  macOS:          brew install pango\n"
    "(fonts-liberation / liberation-sans-fonts give Arial's metrics; optional.)\n"
)


def font_families() -> list[str]:
    """Font families fontconfig knows (empty where fc-list is absent, e.g. some macOS)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    result = subprocess.run([fc_list, ":", "family"], check=False, capture_output=True, text=True)
    return sorted({line.split(",")[0].strip() for line in result.stdout.splitlines() if line.strip()})


def probe() -> str | None:
    """Return None when WeasyPrint renders text that reads back; else what went wrong."""
    try:
        import weasyprint
    except OSError as error:  # Pango/GObject libraries missing
        return f"WeasyPrint cannot load its system libraries: {error}"
    except ImportError as error:
        return f"WeasyPrint is not installed in this virtualenv ({error}); run `make install-dev`."
    try:
        from pypdf import PdfReader

        pdf = weasyprint.HTML(string=f"<p style='font-family: sans-serif'>{PROBE}</p>").write_pdf()
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or ""
    except Exception as error:  # noqa: BLE001 - any failure means PDFs will not work
        return f"WeasyPrint could not render a test PDF: {error}"
    if " ".join(text.split()) != PROBE:
        return f"WeasyPrint rendered no readable text (got {text!r}): no usable font is installed."
    return None


def probe_in_child() -> str | None:
    """Pango crashes (SIGSEGV) when fontconfig has no font at all: probe in a child process."""
    if shutil.which("fc-list") and not font_families():
        return "fontconfig lists no fonts at all: WeasyPrint cannot draw text."
    result = subprocess.run([sys.executable, __file__, "--probe"], check=False,
                            capture_output=True, text=True)
    if result.returncode == 0:
        return None
    if result.returncode < 0:
        return f"WeasyPrint crashed (signal {-result.returncode}) rendering a test PDF: fonts missing?"
    return result.stdout.strip() or result.stderr.strip()[-500:]


def main() -> int:
    if sys.argv[1:] == ["--probe"]:
        problem = probe()
        if problem:
            print(problem)
        return 1 if problem else 0
    problem = probe_in_child()
    if problem is None:
        families = font_families()
        shown = ", ".join(families[:6]) + (" ..." if len(families) > 6 else "")
        print(f"PDF tests will use WeasyPrint with the system fonts: {shown or 'found'}")
        return 0
    print(f"\n{problem}\n{INSTALL}", file=sys.stderr)
    if os.environ.get("CI") == "true":
        print("CI=true: missing PDF libraries or fonts fail the run.", file=sys.stderr)
        return 1
    print("The PDF tests will fail until these are installed.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
