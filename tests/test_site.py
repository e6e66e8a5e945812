"""The built site, read as files: links and anchors resolve, no third-party request, search
indexes are per language and hold segmented Chinese."""
from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.site


class Refs(HTMLParser):
    """Collects ids, links and resource URLs of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.resources = set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.resources.append(a["src"])
        loaded = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
        if tag == "link" and a.get("href") and loaded & set((a.get("rel") or "").split()):
            self.resources.append(a["href"])


def parse_all(site: Path) -> dict[str, Refs]:
    pages = {}
    for html in site.rglob("*.html"):
        refs = Refs()
        refs.feed(html.read_text(encoding="utf-8"))
        pages[html.relative_to(site).as_posix()] = refs
    return pages


def resolve(page: str, href: str) -> tuple[str, str]:
    parts = urlsplit(href)
    path = unquote(parts.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if path.endswith("/") or target.endswith("/") or (path and "." not in posixpath.basename(target)):
        target = posixpath.join(target, "index.html")
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(site):
    pages = parse_all(site)
    broken = []
    for page, refs in pages.items():
        if page.endswith("404.html"):  # served at any depth, so its links are absolute by design
            continue
        for href in refs.links:
            if re.match(r"[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
                continue
            target, fragment = resolve(page, href)
            if target not in pages and not (site / target).exists():
                broken.append(f"{page}: {href} (no {target})")
            elif fragment and target in pages and unquote(fragment) not in pages[target].ids:
                broken.append(f"{page}: {href} (no #{fragment})")
    assert not broken, "\n".join(broken[:30])


def test_no_page_references_a_third_party_resource(site):
    offenders = []
    for page, refs in parse_all(site).items():
        for url in refs.resources:
            if re.match(r"(https?:)?//", url):
                offenders.append(f"{page}: {url}")
    assert not offenders, "\n".join(offenders[:30])


def test_search_indexes_are_per_language(site):
    zh = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    han = re.compile(r"[\u4e00-\u9fff]")
    # English pages' text is English: few Han characters (the glossary's zh column is one)
    en_text = " ".join(d["text"] for d in en["docs"])
    zh_text = " ".join(d["text"] for d in zh["docs"])
    assert len(han.findall(zh_text)) > 20 * max(1, len(han.findall(en_text)) // 20)
    assert '"base": "../.."' in (site / "en/foundation/transformer/index.html").read_text("utf-8")


def test_chinese_index_is_segmented_by_jieba(site):
    zh = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    text = "".join(d["text"] + d["title"] for d in zh["docs"])
    assert "\u200b" in text, "jieba did not segment Chinese (is jieba installed?)"
    assert "\\u200b" in zh["config"]["separator"]  # a JS regex escape: lunr splits on it


def test_both_languages_and_switcher_targets(site):
    zh = (site / "foundation/transformer/index.html").read_text(encoding="utf-8")
    en = (site / "en/foundation/transformer/index.html").read_text(encoding="utf-8")
    assert re.search(r'<html [^>]*lang="zh"', zh) and re.search(r'<html [^>]*lang="en"', en)
    # the language switch links the same page in the other language
    assert 'href="../../en/foundation/transformer/" hreflang="en"' in zh
    assert 'href="../../../foundation/transformer/" hreflang="zh"' in en
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="en"' in sitemap and "/en/foundation/transformer/" in sitemap


def test_math_and_diagrams_are_in_the_pages(site):
    html = (site / "foundation/transformer/index.html").read_text(encoding="utf-8")
    assert 'class="arithmatex"' in html
    # diagrams drawn at build time: an image per palette, described by the text after them
    assert html.count('<div class="hb-diagram-svg hb-prerendered" role="img" aria-label="') == 2
    assert 'src="../../assets/diagrams/' in html and '<pre class="hb-diagram">' not in html
    assert "assets/javascripts/diagrams.js" in html  # draws any diagram not drawn yet
    # the 3.5 MB renderer is never a <script> of the page: diagrams.js loads it on demand
    assert "mermaid.min.js" not in html
    assert "assets/javascripts/math.js" in html and "katex.min.js" not in html  # loaded on demand


def test_edit_links_open_the_source_file_of_each_language(site):
    from sitebuild import EDIT_URI
    for page, source in (("foundation/transformer/index.html", "foundation/transformer.md"),
                         ("en/foundation/transformer/index.html", "foundation/transformer.en.md"),
                         ("en/glossary/index.html", "../curriculum/glossary.yaml")):
        html = (site / page).read_text(encoding="utf-8")
        expected = (EDIT_URI + source).replace("docs/../", "")  # generated pages: their YAML
        assert f'href="{expected}"' in html, page
