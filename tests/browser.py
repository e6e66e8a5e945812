"""Headless Debian Chromium driven by Playwright (never `playwright install`), and a loopback
static server for the built site."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Material renders diagrams into closed shadow roots; open them so tests can see the SVG.
OPEN_SHADOW = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""


def require_chromium():
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    message = ("Chromium not found: install it with `apt-get install chromium fonts-noto-cjk` "
               "(Debian), or set CHROMIUM=/path/to/chromium")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def serve(directory):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def chromium():
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM)
                                    else shutil.which("chromium"), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(OPEN_SHADOW)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    # Material and the handbook's scripts start after the page is first drawn (overrides/main.html);
    # every navigation waits for them, as a reader's first tap effectively does.
    goto = page.goto

    def goto_started(url, **kwargs):
        response = goto(url, **kwargs)
        page.wait_for_function("window.hbStarted === true", timeout=20000)
        return response
    page.goto = goto_started
    return page


def search(page, query: str) -> list[str]:
    """Type a query into the real search box; return the result links in order.

    Material ignores input until its worker has built the index, so retype until results show.
    """
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    items = page.locator(".md-search-result__list > li a.md-search-result__link")
    for _ in range(10):
        box.fill(query)
        box.press("End")  # Material reacts to keyup; typed CJK text arrives without key events
        try:
            items.first.wait_for(timeout=2000)
            break
        except Exception:  # noqa: BLE001 (Playwright's TimeoutError): index not ready yet
            continue
    items.first.wait_for(timeout=5000)
    page.wait_for_timeout(300)
    return [items.nth(i).get_attribute("href") for i in range(items.count())]
