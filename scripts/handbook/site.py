"""Post-build steps: one search index per language, and relative language-switch links.

mkdocs-static-i18n stacks every language into one search index, so a reader of one language gets
results in both. This writes the Chinese entries to site/search/ and the English entries to
site/en/search/, and points English pages' `base` (which Material's search worker uses to find the
index) at site/en/. Called by the thin MkDocs hook in scripts/mkdocs_hooks.py.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from handbook.speed import drop_switch_rule

OTHER_LANGS = ("en",)
BASE = re.compile(r'("base":\s*")([^"]*)(")')
# mkdocs-static-i18n leaves the home page's language links absolute ("/", "/en/"), which break
# on a site hosted under a sub-path and in the offline copy opened from file://.
SWITCH_TAG = re.compile(r'<a\b[^>]*\bmd-select__link\b[^>]*>')
ABSOLUTE_HREF = re.compile(r'(href=")(/[^"]*)(")')


ORIGINAL_LINK = re.compile(r'(<a class="hb-original" href=")[^"]*(")')
ZH_SWITCH = re.compile(r'<a\b[^>]*\bmd-select__link\b[^>]*>')


def postprocess(site_dir: str | Path) -> None:
    split_search(site_dir)
    relative_language_links(site_dir)
    link_original(site_dir)
    drop_switch_rule(site_dir)


def link_original(site_dir: str | Path) -> None:
    """An outdated translation's notice links the Chinese page: the same target as the
    language switch's Chinese entry, which is right online and offline alike."""
    for html in Path(site_dir).rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if 'class="hb-original"' not in text:
            continue
        zh = next((re.search(r'href="([^"]*)"', tag).group(1) for tag in ZH_SWITCH.findall(text)
                   if 'hreflang="zh"' in tag), None)
        if zh:
            html.write_text(ORIGINAL_LINK.sub(lambda m, z=zh: m.group(1) + z + m.group(2), text),
                            encoding="utf-8")


def relative_language_links(site_dir: str | Path) -> None:
    site = Path(site_dir)
    offline = (site / "search" / "search_index.js").exists()  # no directory URLs offline
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if html.name == "404.html" or "md-select__link" not in text:
            continue
        rel_root = os.path.relpath(site, html.parent).replace(os.sep, "/")

        def relative(m, rel_root=rel_root):
            target = m.group(2).lstrip("/") + ("index.html" if offline else "")
            return m.group(1) + f"{rel_root}/{target}" + m.group(3)

        new = SWITCH_TAG.sub(lambda tag: ABSOLUTE_HREF.sub(relative, tag.group(0)), text)
        if new != text:
            html.write_text(new, encoding="utf-8")


def split_search(site_dir: str | Path) -> bool:
    site = Path(site_dir)
    index_file = site / "search" / "search_index.json"
    if not index_file.exists():
        return False
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    if not any(d["location"].startswith(f"{lang}/") for lang in OTHER_LANGS for d in docs):
        return False
    offline = (site / "search" / "search_index.js").exists()
    parts = {"": [d for d in docs if not d["location"].startswith(tuple(f"{x}/" for x in OTHER_LANGS))]}
    for lang in OTHER_LANGS:
        parts[lang] = [dict(d, location=d["location"][len(lang) + 1:])
                       for d in docs if d["location"].startswith(f"{lang}/")]
    for lang, entries in parts.items():
        folder = site / lang / "search" if lang else site / "search"
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps({**index, "docs": entries}, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if offline:
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
    for lang in OTHER_LANGS:
        lang_root = site / lang
        for html in lang_root.rglob("*.html"):
            text = html.read_text(encoding="utf-8")
            rel = os.path.relpath(lang_root, html.parent).replace(os.sep, "/")
            new = BASE.sub(lambda m, rel=rel: m.group(1) + rel + m.group(3), text, count=1)
            if new != text:
                html.write_text(new, encoding="utf-8")
    return True
