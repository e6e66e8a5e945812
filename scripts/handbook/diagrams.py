"""Diagrams drawn ahead of time: each mermaid block's SVG, in the light and the dark palette.

The mermaid renderer is 3.5 MB of JavaScript; on a page whose diagram is on the first screen
(the learning paths) evaluating it blocked a phone for a second. `make diagrams` (scripts/
diagrams.py) draws every diagram with that same renderer in Chromium and stores the SVGs under
docs/assets/diagrams/, named by a hash of the diagram's source. At build time each diagram
whose SVGs exist becomes two <img> (one per palette, only the shown one is fetched), with the
description that follows it as the text alternative. A diagram without SVGs (just edited,
`make diagrams` not run yet) is still drawn in the reader's browser by diagrams.js.
"""
from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from handbook.ui import UI

SVG_DIR = Path("assets") / "diagrams"  # under docs/
THEMES = ("light", "dark")
FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid[ \t]*\n(?P<source>.*?)^(?P=indent)```", re.S | re.M)
BLOCK = re.compile(r'<pre class="hb-diagram"><code>(?P<code>.*?)</code></pre>', re.S)
# The admonition right after a diagram describes it (STYLE.md); its last paragraph is the text.
DESCRIPTION = re.compile(r'\s*<div class="admonition[^"]*">.*?<p>(?P<text>(?:(?!<p>).)*?)</p>\s*</div>',
                         re.S)
VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ (?P<w>[\d.]+) (?P<h>[\d.]+)"')
TAG = re.compile(r"<[^>]+>")
WIDE = 1200  # px: a diagram wider than this gets a link to its full-size drawing


def key(source: str) -> str:
    """The name of a diagram's SVGs: its source, whatever the indentation, hashed."""
    lines = [line.rstrip() for line in source.strip("\n").splitlines()]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def sources(docs_dir: Path) -> dict[str, str]:
    """Every diagram in the Markdown pages, by key."""
    found = {}
    for page in sorted(docs_dir.rglob("*.md")):
        for fence in FENCE.finditer(page.read_text(encoding="utf-8")):
            text = "\n".join(line[len(fence["indent"]):] for line in fence["source"].splitlines())
            found[key(text)] = text
    return found


def svg_path(docs_dir: Path, name: str, theme: str) -> Path:
    return docs_dir / SVG_DIR / f"{name}.{theme}.svg"


def stale(docs_dir: Path) -> tuple[list[str], list[Path]]:
    """Diagrams without both SVGs, and SVGs no diagram uses."""
    wanted = sources(docs_dir)
    missing = [k for k in wanted if not all(svg_path(docs_dir, k, t).exists() for t in THEMES)]
    names = {f"{k}.{t}.svg" for k in wanted for t in THEMES}
    orphans = [p for p in sorted((docs_dir / SVG_DIR).glob("*.svg")) if p.name not in names]
    return missing, orphans


def use_prerendered(page_html: str, docs_dir: Path, prefix: str, lang: str = "zh") -> str:
    """Replace each diagram that has SVGs with the two <img>; `prefix` leads from the page to
    the site root ("../../"). A wide diagram, unreadable when shrunk to a phone, also gets a
    link to its drawing at full size."""
    def replace(block: re.Match) -> str:
        name = key(html.unescape(block["code"]))
        if not all(svg_path(docs_dir, name, t).exists() for t in THEMES):
            return block.group(0)
        light = svg_path(docs_dir, name, "light").read_text(encoding="utf-8")
        size = VIEWBOX.search(light)
        width, height = (round(float(size["w"])), round(float(size["h"]))) if size else (None, None)
        # The size avoids a jump when the image arrives; --w caps the phone's zoom (extra.css).
        dims = f' width="{width}" height="{height}" style="--w: {width}px"' if width else ""
        following = DESCRIPTION.match(page_html, block.end())
        label = TAG.sub("", following["text"]).strip() if following else "diagram"
        imgs = "".join(f'<img class="hb-{t}" src="{prefix}{SVG_DIR.as_posix()}/{name}.{t}.svg" '
                       f'alt=""{dims} loading="lazy" decoding="async">' for t in THEMES)
        box = (f'<div class="hb-diagram-svg hb-prerendered" role="img" '
               f'aria-label="{html.escape(html.unescape(label), quote=True)}">{imgs}</div>')
        if width and width > WIDE:
            box += (f'<p class="hb-diagram-full"><a href="{prefix}{SVG_DIR.as_posix()}/{name}.light.svg">'
                    f'{UI[lang]["diagram_full_size"]}</a></p>')
        return box
    return BLOCK.sub(replace, page_html)
