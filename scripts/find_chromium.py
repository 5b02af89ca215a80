"""Find a Chromium for the browser tests: the system one, else Playwright's download.

Prints where it is. If there is none, says exactly what to install and exits 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def system_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # noqa: BLE001 - no driver, no browser
        return None
    return path if path and os.path.exists(path) else None


def main() -> int:
    found = system_chromium() or playwright_chromium()
    if not found:
        print("No Chromium found; trying `playwright install chromium` ...", flush=True)
        result = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"],
                                check=False, capture_output=True, text=True)
        found = playwright_chromium() if result.returncode == 0 else None
    if found:
        print(f"Browser tests will use Chromium at {found}")
        return 0
    print(
        "\nThe browser tests need Chromium and none was found.\n"
        "  Debian/Ubuntu:  sudo apt-get install -y chromium\n"
        "  Fedora:         sudo dnf install chromium\n"
        "  macOS:          brew install --cask chromium\n"
        "  or, with internet access: .venv/bin/python -m playwright install chromium\n"
        "Or set CHROMIUM_PATH to a Chromium or Chrome binary.\n",
        file=sys.stderr,
    )
    if os.environ.get("CI") == "true":
        print("CI=true: a missing browser fails the run.", file=sys.stderr)
        return 1
    print("The browser tests will be skipped in this run (they never are with CI=true).",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
