"""The site as a reader sees it, in headless Chromium: search in both languages, diagrams,
formulas, the language switch, and the offline zip opened from file:// with no network."""
from __future__ import annotations

import zipfile
from urllib.parse import urlsplit

import pytest

from browser import new_page, search

pytestmark = pytest.mark.browser

# (site prefix, query, page that must come first): a Chinese and an English query on each site
SEARCHES = [
    ("", "多头注意力", "foundation/transformer/"),
    ("", "RoPE", "foundation/transformer/"),
    ("en/", "multi-head attention", "en/foundation/transformer/"),
    ("en/", "缩放点积注意力", "en/glossary/"),  # Chinese terms on the English site: the glossary
]


def page_of(href: str, base: str) -> str:
    path = urlsplit(href).path
    return path[len(urlsplit(base).path):].lstrip("/") if path.startswith(urlsplit(base).path) else path


@pytest.mark.parametrize("prefix,query,expected", SEARCHES, ids=[s[1] for s in SEARCHES])
def test_search_returns_the_right_page_first(browser, base, prefix, query, expected):
    page = new_page(browser)
    page.goto(f"{base}/{prefix}")
    hrefs = search(page, query)
    first = urlsplit(page.evaluate("h => new URL(h, location.href).href", hrefs[0])).path
    assert first.lstrip("/").startswith(expected), f"{query!r}: first result {first}, all {hrefs[:5]}"
    lang_prefix = "/en/" if prefix else "/"
    for href in hrefs:  # results in the reader's language only
        path = urlsplit(page.evaluate("h => new URL(h, location.href).href", href)).path
        assert path.startswith("/en/") == (lang_prefix == "/en/"), f"{query!r}: {path} in results"


@pytest.mark.parametrize("path", ["foundation/transformer/", "en/foundation/transformer/", "",
                                  "learning-path/"])
def test_diagrams_show_drawn_ahead_and_math_renders(browser, base, path):
    page = new_page(browser)
    renderer = []
    page.on("request", lambda r: renderer.append(r.url) if "mermaid.min.js" in r.url else None)
    page.goto(f"{base}/{path}")
    boxes = page.locator(".hb-diagram-svg")
    assert boxes.count() >= 1
    assert page.locator("pre.hb-diagram").count() == 0, "a diagram was not drawn at build time"
    for i in range(boxes.count()):  # the image of the palette in use loads as it comes near
        boxes.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("""box => [...box.querySelectorAll('img')]
            .filter(img => getComputedStyle(img).display !== 'none')
            .every(img => img.complete && img.naturalWidth > 0)""",
                               arg=boxes.nth(i).element_handle(), timeout=10000)
    shown = page.evaluate("""() => [...document.querySelectorAll('.hb-diagram-svg')].map(box =>
        [...box.querySelectorAll('img')].filter(img => getComputedStyle(img).display !== 'none')
          .map(img => img.className))""")
    assert all(classes == ["hb-light"] for classes in shown), shown
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    first = boxes.first.locator("img.hb-dark").element_handle()
    first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first,
                           timeout=10000)
    label = boxes.first.get_attribute("aria-label")
    assert label and label != "diagram", "a diagram has no text alternative"
    assert renderer == [], "the 3.5 MB renderer was fetched for diagrams drawn ahead of time"
    if "transformer" in path:  # formulas are typeset as they near the viewport (answers too)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        formulas = page.locator(".arithmatex")
        for i in range(0, formulas.count(), 25):
            formulas.nth(i).scroll_into_view_if_needed()
            formulas.nth(i).locator(".katex").wait_for(timeout=10000)
        assert page.locator(".katex-error").count() == 0
    assert not page.errors, page.errors


def test_language_switch_lands_on_the_same_page(browser, base):
    page = new_page(browser)
    page.goto(f"{base}/foundation/transformer/")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a[hreflang="en"]').first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/en/foundation/transformer/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a[hreflang="zh"]').first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/foundation/transformer/"


def test_offline_zip_works_from_file_url_without_network(browser, offline_zip, tmp_path):
    target = tmp_path / "离线 阅读 copy"
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(target)
    root = target / "llm-handbook"
    page = new_page(browser)
    requests = []
    page.context.route("**/*", lambda route: (requests.append(route.request.url), route.abort())
                       if not route.request.url.startswith("file:") else route.continue_())
    page.goto((root / "index.html").as_uri())
    assert page.title()
    # navigation: open a module, then a topic, by clicking links
    page.locator('a[href="foundation/index.html"]').first.click()
    page.wait_for_load_state()
    page.locator('a[href="transformer.html"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith("foundation/transformer.html")
    diagram = page.locator(".hb-diagram-svg img.hb-light").first.element_handle()
    diagram.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=diagram,
                           timeout=20000)
    page.locator(".arithmatex").first.scroll_into_view_if_needed()
    page.locator(".arithmatex .katex").first.wait_for(timeout=10000)
    hrefs = search(page, "多头注意力")
    assert "transformer.html" in hrefs[0]
    page.keyboard.press("Escape")
    # language switch, then English search
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a[hreflang="en"]').first.click()
    page.wait_for_load_state()
    assert "/en/foundation/transformer.html" in page.url
    hrefs = search(page, "multi-head attention")
    assert "transformer.html" in hrefs[0]
    page.keyboard.press("Escape")
    diagram = page.locator(".hb-diagram-svg img.hb-light").first.element_handle()
    diagram.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=diagram,
                           timeout=20000)
    assert requests == [], f"network requests from the offline site: {requests}"


def test_long_code_blocks_are_plain_until_near_then_highlighted_with_the_same_text(browser, base):
    # A long block's tokens wait in a <template> (handbook.speed); code.js swaps them in.
    page = new_page(browser, width=375, height=800)
    page.goto(f"{base}/foundation/transformer/")
    before = page.evaluate("""() => {
        const templates = [...document.querySelectorAll('template.hb-code')];
        const last = templates[templates.length - 1];
        const code = last.previousElementSibling.querySelector('code');
        return {count: templates.length, text: code.textContent, tokens: last.content.textContent,
                spans: code.querySelectorAll('span').length, top: code.getBoundingClientRect().top};
    }""")
    assert before["count"] >= 5, before["count"]
    assert before["top"] > 3 * 800 and before["spans"] == 0, "the last long block is far away and plain"
    assert before["text"] == before["tokens"]
    block = page.locator("div.highlight:has(template.hb-code)").last.element_handle()
    block.scroll_into_view_if_needed()
    page.wait_for_function("b => b.querySelectorAll('code span').length > 40", arg=block,
                           timeout=10000)
    after = block.evaluate("""b => ({text: b.querySelector('code').textContent,
        templates: b.querySelectorAll('template').length,
        copy: b.querySelectorAll('[data-md-type=copy][data-clipboard-target$="> code"]').length})""")
    assert after == {"text": before["text"], "templates": 0, "copy": 1}
    assert not page.errors, page.errors


def test_formulas_in_a_wide_table_are_typeset_without_scrolling_it(browser, base):
    # On a phone, the RLHF page's first table holds formulas beyond the right edge of its scroll box.
    page = new_page(browser, width=375, height=800)
    page.goto(f"{base}/alignment/rlhf/")
    hidden = page.evaluate("""() => {
        const w = document.querySelectorAll('.md-typeset__scrollwrap')[0];
        const right = w.getBoundingClientRect().right;
        return [...w.querySelectorAll('.arithmatex')]
            .filter(e => e.getBoundingClientRect().left > right).length;
    }""")
    assert hidden > 0, "the test needs a formula off to the side of a scrolled table"
    wrap = page.locator(".md-typeset__scrollwrap").first
    wrap.scroll_into_view_if_needed()
    page.wait_for_function(
        "w => [...w.querySelectorAll('.arithmatex')].every(e => e.dataset.typeset === 'done')",
        arg=wrap.element_handle(), timeout=15000)
    assert wrap.evaluate("w => (w.querySelector('.md-typeset__table') || w).scrollLeft") == 0
