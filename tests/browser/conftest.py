"""Browser tests: Playwright driving Chromium (the system one), with axe-core checks."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit and os.path.exists(explicit):
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None  # pytest-playwright then tries its own download


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {**browser_type_launch_args, "args": CHROMIUM_FLAGS}
    path = find_chromium()
    if path:
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def browser(browser_type: Any, browser_type_launch_args: dict[str, Any]) -> Iterator[Any]:
    try:
        browser = browser_type.launch(**browser_type_launch_args)
    except Exception as error:  # noqa: BLE001 - report what to install
        message = (f"No Chromium could be started ({error.__class__.__name__}). Install it "
                   "(Debian: apt-get install -y chromium) or set CHROMIUM_PATH.")
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI=true: a missing browser fails the run.")
        pytest.skip(message + " (skipped outside CI only; with CI=true this fails)")
    yield browser
    browser.close()


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """Run axe-core (WCAG 2.2 A/AA) on the page; fail with every violation listed."""

    def check(page: Any) -> None:
        page.evaluate(AXE_SOURCE)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS)
        violations = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert not violations, f"axe violations on {page.url}:\n" + json.dumps(violations, indent=1)

    return check


@pytest.fixture
def login(live_server: Any, page: Any) -> Callable[[str, str], Any]:
    """Sign in through the real form (so the lockout backend and CSRF are exercised)."""
    from partnership.demo import DEMO_PASSWORD

    def sign_in(email: str, password: str = DEMO_PASSWORD) -> Any:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return sign_in
