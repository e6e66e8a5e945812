"""Diagrams drawn ahead of time (handbook/diagrams.py, `make diagrams`)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from handbook.diagrams import key, svg_path, use_prerendered

ROOT = Path(__file__).resolve().parents[1]
SOURCE = 'flowchart LR\n    A["问题"] -->|"检索"| B["答案"]'
PAGE = ('<p>前文</p>\n<pre class="hb-diagram"><code>flowchart LR\n    A[&quot;问题&quot;] '
        '--&gt;|&quot;检索&quot;| B[&quot;答案&quot;]\n</code></pre>\n'
        '<div class="admonition info">\n<p class="admonition-title">图示说明</p>\n'
        '<p>问题经过<strong>检索</strong>得到答案。</p>\n</div>')


def test_every_diagram_in_the_pages_is_drawn_and_every_drawing_is_used():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "diagrams.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_drawn_diagram_becomes_two_images_described_by_the_text_after_it(tmp_path):
    for theme in ("light", "dark"):
        path = svg_path(tmp_path, key(SOURCE), theme)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320.5 80"></svg>')
    out = use_prerendered(PAGE, tmp_path, "../../")
    assert '<pre class="hb-diagram">' not in out
    name = key(SOURCE)
    assert (f'<div class="hb-diagram-svg hb-prerendered" role="img" aria-label="问题经过检索得到答案。">'
            f'<img class="hb-light" src="../../assets/diagrams/{name}.light.svg" alt="" width="320" '
            f'height="80" style="--w: 320px" loading="lazy" decoding="async">'
            f'<img class="hb-dark" src="../../assets/diagrams/{name}.dark.svg"') in out
    assert out.endswith(PAGE[PAGE.index("\n<div class"):])  # the description stays on the page


def test_a_wide_diagram_links_its_drawing_at_full_size(tmp_path):
    for theme in ("light", "dark"):
        path = svg_path(tmp_path, key(SOURCE), theme)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2400 300"></svg>')
    link = (f'<p class="hb-diagram-full"><a href="../assets/diagrams/{key(SOURCE)}.light.svg">'
            f'{{}}</a></p>')
    assert link.format("查看原尺寸图") in use_prerendered(PAGE, tmp_path, "../", "zh")
    assert link.format("Open the diagram at full size") in use_prerendered(PAGE, tmp_path, "../", "en")


def test_a_diagram_not_drawn_yet_is_left_for_the_browser(tmp_path):
    assert use_prerendered(PAGE, tmp_path, "../../") == PAGE


def test_dark_drawings_keep_edge_labels_readable(browser):
    # Drawn on the dark palette's background, as on the page.
    from browser import new_page
    from test_layout import CONTRAST
    drawings = sorted((ROOT / "docs" / "assets" / "diagrams").glob("*.dark.svg"))
    labelled = [p for p in drawings
                if re.search(r'class="edgeLabel".{0,300}?<p>[^<]+</p>', p.read_text(encoding="utf-8"))]
    assert labelled, "no dark drawing with an edge label to check"
    page = new_page(browser)
    worst = []
    for path in labelled[:5]:
        page.set_content(f'<body style="background:#1e2129">{path.read_text(encoding="utf-8")}</body>')
        result = page.evaluate(CONTRAST, [".edgeLabel p"])[".edgeLabel p"]
        assert result, f"{path.name}: no edge label text"
        worst.append(result["ratio"])
    assert min(worst) >= 4.5, worst
