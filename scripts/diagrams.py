"""`make diagrams`: draw every mermaid diagram in docs/ to SVG, in the light and the dark palette,
with the vendored renderer in headless Chromium, into docs/assets/diagrams/ (see
handbook/diagrams.py); remove the SVGs no diagram uses any more.

usage: python scripts/diagrams.py [--check]
--check draws nothing: it lists what is missing or unused and exits 1 if anything is.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
from handbook.diagrams import THEMES, sources, stale, svg_path  # noqa: E402

DOCS = ROOT / "docs"
MERMAID = DOCS / "assets" / "vendor" / "mermaid" / "mermaid.min.js"
# Dark palette: mermaid's edge labels (#ccc on #585858, 4.4:1) lighter, to 5.7:1 (WCAG AA).
DARK_CSS = ".edgeLabel, .edgeLabel p, .edgeLabel span { color: #e6e6e6 !important; }"
DRAW = """async ([source, theme, css]) => {
  mermaid.initialize({startOnLoad: false, securityLevel: "strict", theme, themeCSS: css});
  const {svg} = await mermaid.render("d", source);
  // An <img> needs well-formed XML: mermaid's labels are HTML (e.g. <br>), so reparse and
  // serialize the SVG as XML.
  const element = new DOMParser().parseFromString(svg, "text/html").querySelector("svg");
  return new XMLSerializer().serializeToString(element);
}"""


def main(argv: list[str]) -> int:
    missing, orphans = stale(DOCS)
    if "--check" in argv:
        for name in missing:
            print(f"diagram {name}: no SVG yet; run `make diagrams`")
        for path in orphans:
            print(f"{path.relative_to(ROOT)}: no diagram uses it; run `make diagrams`")
        return 1 if missing or orphans else 0
    for path in orphans:
        path.unlink()
    if missing:
        from browser import chromium
        wanted = sources(DOCS)
        (DOCS / svg_path(DOCS, "x", "light").parent).mkdir(parents=True, exist_ok=True)
        with chromium() as browser:
            page = browser.new_page()
            page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
            page.add_script_tag(path=str(MERMAID))
            for name in missing:
                for theme in THEMES:
                    svg = page.evaluate(DRAW, [wanted[name], "dark" if theme == "dark" else "default",
                                               DARK_CSS if theme == "dark" else ""])
                    svg_path(DOCS, name, theme).write_text(svg + "\n", encoding="utf-8")
    print(f"diagrams: {len(missing)} drawn, {len(orphans)} removed, {len(sources(DOCS))} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
