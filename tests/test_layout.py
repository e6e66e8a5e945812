"""Layout, print and accessibility of the built site in headless Chromium: screenshots at phone and
desktop widths with no horizontal overflow, printing a topic (print.css), keyboard focus, and text
contrast in both palettes.

Screenshots and the printed PDFs are written to test-artifacts/screenshots/ (git-ignored; CI
uploads the folder as the `screenshots` artifact) so a reviewer can look at them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from browser import new_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"
LANGS = {"zh": "", "en": "en/"}
PAGES = {"home": "", "module": "foundation/", "topic": "foundation/transformer/"}
WIDTHS = (375, 1280)
TOPIC = PAGES["topic"]
# A4 less print.css's @page side margins (2 × 14 mm), in CSS pixels: the width a page prints at.
PRINT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)

# Everything lazy on the page rendered: every diagram, formula and code block's highlighting.
RENDERED = """() =>
  document.querySelectorAll('pre.hb-diagram:not([data-rendered])').length === 0 &&
  document.querySelectorAll('template.hb-code').length === 0 &&
  [...document.querySelectorAll('.hb-diagram-svg img')]
    .filter(img => getComputedStyle(img).display !== 'none')
    .every(img => img.complete && img.naturalWidth > 0) &&
  [...document.querySelectorAll('.arithmatex')].every(el => el.dataset.typeset === 'done')"""

# Elements that stick out to the right of the viewport, outermost first (for failure messages).
OVERFLOWING = """() => {
  const limit = window.innerWidth + 1, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit && !out.some(o => o.contains(el))) out.push(el);
  }
  return out.slice(0, 8).map(el => el.tagName.toLowerCase() +
    (el.className && el.className.baseVal === undefined
    ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') + ' right=' +
    Math.round(el.getBoundingClientRect().right));
}"""

# Content that starts left of the viewport, where no scrollbar reaches it (SVG internals aside).
CUT_LEFT = """() => [...document.querySelectorAll('.md-content *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width && r.left < -1 && !el.closest('svg, .katex-mathml');
  }).slice(0, 8).map(el => el.tagName.toLowerCase() + '.' +
    String(el.className).trim().replace(/\\s+/g, '.'))"""

# Scroll containers inside the content whose content is wider than they are: on paper, clipped.
CLIPPED = """() => [...document.querySelectorAll('.md-content *')].filter(el => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 &&
      !el.closest('.katex-mathml');  // KaTeX's MathML copy for screen readers: hidden on purpose
  }).slice(0, 8).map(el => el.tagName.toLowerCase() + '.' +
    String(el.className).trim().replace(/\\s+/g, '.') +
    ' ' + el.scrollWidth + '>' + el.clientWidth)"""

# WCAG 2 contrast ratio of an element's text against what is behind it, the way axe-core does it
# for plain cases: the text colour (times the opacity of the element and its ancestors) composited
# over the stack of translucent backgrounds up to the first opaque one.
CONTRAST = """(selectors) => {
  const parse = s => {
    const m = s.match(/rgba?\\(([^)]+)\\)/);
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
  const lum = c => {
    const [r, g, b] = c.slice(0, 3).map(v => (v /= 255) <= 0.03928 ?
      v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opacity = el => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity;
    return o;
  };
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const hex = c => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
  const result = {};
  for (const selector of selectors) {
    let worst = null, count = 0;
    for (const el of document.querySelectorAll(selector)) {
      const style = getComputedStyle(el), rect = el.getBoundingClientRect();
      if (!rect.width || !rect.height || !el.textContent.trim() || style.visibility === 'hidden') continue;
      const alpha = opacity(el);
      if (alpha === 0) continue;  // not shown (e.g. a heading's permalink until hovered)
      const fg = parse(style.color);
      fg[3] *= alpha;
      const bg = behind(el), text = over(fg, bg);
      const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      count++;
      if (!worst || ratio < worst.ratio)
        worst = {ratio: Math.round(ratio * 100) / 100, fg: hex(text), bg: hex(bg),
                 text: el.textContent.trim().slice(0, 40)};
    }
    result[selector] = worst && {...worst, count};
  }
  return result;
}"""
# What must read at 4.5:1 at least (all of it is body-size text).
CONTRAST_SELECTORS = [
    ".md-content .md-typeset p:not(svg p)",
    ".md-content .md-typeset a:not(.headerlink)",
    ".md-typeset .hb-meta",
    ".md-typeset .hb-revision small",
    ".md-typeset .highlight span.c1",       # code comments
    ".md-typeset .highlight code span",     # every highlighted token
    ".md-typeset .admonition-title",
    ".md-typeset summary",
    ".md-tabs__link",
]


def scroll_through(page, open_details: bool = False):
    """Scroll from top to bottom, and each box that scrolls sideways (a table's hidden columns on a
    phone) to its end and back, as a reader would: every diagram and formula renders."""
    if open_details:
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    step = page.evaluate("window.innerHeight")
    y = 0
    while y < page.evaluate("document.scrollingElement.scrollHeight"):  # grows as diagrams render
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(60)
        y += step
    page.evaluate("""async () => {
      const sideways = [...document.querySelectorAll('.md-content *')].filter(el =>
        el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX));
      for (const el of sideways) {
        el.scrollIntoView({block: 'center'});
        el.scrollLeft = el.scrollWidth;
        await new Promise(r => setTimeout(r, 50));
        el.scrollLeft = 0;
      }
    }""")
    page.wait_for_function(RENDERED, timeout=60000, polling=200)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(1000)  # the header's tabs come back


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_screenshots_and_no_horizontal_overflow(browser, base, lang, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, path in PAGES.items():
        page = new_page(browser, width=width, height=900)
        page.goto(f"{base}/{LANGS[lang]}{path}")
        scroll_through(page, open_details=True)
        assert page.locator("pre.hb-diagram[data-rendered=error]").count() == 0
        shown_sources = page.evaluate("""() => [...document.querySelectorAll('pre.hb-diagram')]
          .filter(pre => getComputedStyle(pre).display !== 'none').length""")
        assert shown_sources == 0, f"/{LANGS[lang]}{path}: a diagram's source shows under it"
        page.screenshot(path=str(SHOTS / f"{lang}-{name}-{width}.png"), full_page=True)
        scroll_width, inner = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner + 1:
            problems.append(f"/{LANGS[lang]}{path} at {width}px: scrollWidth {scroll_width} > "
                            f"{inner}: {page.evaluate(OVERFLOWING)}")
        cut = page.evaluate(CUT_LEFT)
        if cut:
            problems.append(f"/{LANGS[lang]}{path} at {width}px: cut off at the left: {cut}")
        assert not page.errors, page.errors
        page.context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_printing_a_topic(browser, base, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser)
    page.goto(f"{base}/{LANGS[lang]}{TOPIC}")
    # Chromium's page.pdf() does not fire `beforeprint` (a reader's print command does): fire it,
    # so that diagrams load, formulas render and Material opens the answers, and wait for that.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(RENDERED, timeout=60000, polling=200)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
    state = page.evaluate("""() => {
      const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
      const chrome = ['.md-header', '.md-tabs', '.md-sidebar', '.md-search', '.md-footer', '.md-top',
                      '.md-content__button', '.md-source', '.md-skip'];
      return {
        chrome: chrome.filter(sel => [...document.querySelectorAll(sel)].some(shown)),
        diagrams: document.querySelectorAll('.hb-diagram-svg').length,
        unrendered: document.querySelectorAll('pre.hb-diagram:not([data-rendered="true"])').length +
          [...document.querySelectorAll('.hb-diagram-svg img')].filter(shown)
            .filter(img => !(img.complete && img.naturalWidth > 0)).length,
        svgs: [...document.querySelectorAll('.hb-diagram-svg')]
          .filter(box => [...box.querySelectorAll('svg, img')].some(shown)).length,
        diagramSources: [...document.querySelectorAll('pre.hb-diagram')].filter(shown).length,
        formulas: document.querySelectorAll('.arithmatex').length,
        untypeset: [...document.querySelectorAll('.arithmatex')]
          .filter(el => !el.querySelector('.katex')).length,
        details: document.querySelectorAll('details').length,
        closed: document.querySelectorAll('details:not([open])').length,
        links: [...document.querySelectorAll('.md-content .md-typeset a[href]:not(.headerlink)')]
                 .filter(a => a.textContent.trim() && !shown(a)).map(a => a.textContent.trim()),
      };
    }""")
    assert state["chrome"] == [], f"printed with the site's chrome: {state['chrome']}"
    assert state["diagrams"] >= 1 and state["unrendered"] == 0, state
    assert state["svgs"] == state["diagrams"] and state["diagramSources"] == 0, state
    assert state["formulas"] >= 1 and state["untypeset"] == 0, state
    assert state["details"] >= 1 and state["closed"] == 0, "answers print open"
    assert state["links"] == [], f"links lost in print: {state['links'][:5]}"
    # print.css alone opens the answers too (without Material's script): close them, look again
    hidden = page.evaluate("""() => {
      const all = [...document.querySelectorAll('details')];
      all.forEach(d => { d.open = false; });
      const out = all.filter(d => d.getBoundingClientRect().height <
        d.querySelector('summary').getBoundingClientRect().height + 20).length;
      all.forEach(d => { d.open = true; });
      return out;
    }""")
    assert hidden == 0, f"{hidden} closed answer blocks print collapsed"
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= PRINT_WIDTH + 1, f"printed content wider than the paper: {scroll_width}"
    clipped = page.evaluate(CLIPPED)
    assert clipped == [], f"content clipped in print: {clipped}"
    pdf = page.pdf(path=str(SHOTS / f"print-{lang}-transformer.pdf"), format="A4")
    assert len(pdf) > 50_000, f"PDF of {len(pdf)} bytes"
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_search_and_content_with_visible_focus(browser, base, lang):
    page = new_page(browser, width=1280, height=900)
    page.goto(f"{base}/{LANGS[lang]}{TOPIC}")
    # what a focused element looks like at once, not halfway through a fade-in
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("""() => document.querySelector(
      '.md-content .md-typeset a[href]:not(.headerlink):not(.md-content__button)').dataset.hbFirst = ''""")
    seen, invisible = [], []  # every stop on the way must show where the focus is
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate("""() => {
          let el = document.activeElement;
          const shown = e => { const r = e.getBoundingClientRect();
                               return r.width > 0 && r.height > 0 && getComputedStyle(e).opacity !== '0'; };
          // a visually hidden radio button (the palette switch) shows its focus on its label
          if (el.matches('input') && !shown(el) && el.nextElementSibling?.matches('label'))
            el = el.nextElementSibling;
          const s = getComputedStyle(el);
          return {
            name: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') +
                  ' ' + (el.getAttribute('href') || el.getAttribute('for') || ''),
            search: el.matches('input.md-search__input'), first: el.hasAttribute('data-hb-first'),
            visible: shown(el),
            ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
          };
        }""")
        seen.append(focus)
        if not (focus["visible"] and focus["ring"]):
            invisible.append(focus["name"])
        if focus["first"]:
            break
    names = [f["name"] for f in seen]
    assert any(f["search"] for f in seen), f"Tab never reached the search box: {names[:20]}"
    assert seen[-1]["first"], f"Tab never reached the first link of the content: {names[-10:]}"
    assert seen[-1]["ring"] and next(f for f in seen if f["search"])["ring"], seen
    assert not invisible, f"focused without a visible focus indicator: {invisible}"


@pytest.mark.parametrize("lang", LANGS)
def test_text_contrast_in_both_palettes(browser, base, lang):
    page = new_page(browser, width=1280, height=900)
    page.goto(f"{base}/{LANGS[lang]}{TOPIC}")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    scroll_through(page, open_details=True)
    report, low = {}, []
    for scheme in ("default", "slate"):
        # diagrams.js renders the diagrams again in the palette's theme: wait for new SVGs
        page.evaluate("document.querySelectorAll('.hb-diagram-svg svg').forEach(s => s.dataset.old = '')")
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        page.wait_for_function("() => !document.querySelector('.hb-diagram-svg svg[data-old]')",
                               timeout=60000, polling=200)
        report[scheme] = page.evaluate(CONTRAST, CONTRAST_SELECTORS)
        for selector, worst in report[scheme].items():
            assert worst, f"{scheme}: nothing matched {selector}"
            if worst["ratio"] < 4.5:
                low.append(f"{scheme} {selector}: {worst}")
    print({scheme: {k: v["ratio"] for k, v in r.items()} for scheme, r in report.items()})
    assert not low, "\n".join(low)
