"""`make serve` rebuilds only what a save changed (handbook.devcache), and the result is the site
that a fresh build of the same files gives, byte for byte."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")

# Builds twice in one process, as `mkdocs serve` does, editing a page and an example in between.
TWO_BUILDS = """
import json, subprocess, sys
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root / "scripts"))
from mkdocs.commands.build import build
from mkdocs.config import load_config
from handbook import devcache

def fresh_build(site):
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)],
                   cwd=root, check=True)

def serve_build(site):
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)

serve_build(root / "site-first")
first = dict(devcache.counts)
page = root / "docs/foundation/language-models.md"
page.write_text(page.read_text(encoding="utf-8") + "\\n\\n缓存测试段落。\\n", encoding="utf-8")
example = root / "examples/foundation/transformer_attention.py"
text = example.read_text(encoding="utf-8")
example.write_text(text.replace("def softmax(", "# cache test\\ndef softmax(", 1), encoding="utf-8")
serve_build(root / "site-cached")
second = dict(devcache.counts)
fresh_build(root / "site-fresh")  # another process: no cache
# A title shows in every page's navigation: every page of that language is made again.
page = root / "docs/foundation/tokenizers.md"
text = page.read_text(encoding="utf-8")
page.write_text(text.replace("\\ntitle: ", "\\ntitle: 新标题 ", 1), encoding="utf-8")
serve_build(root / "site-retitled")
fresh_build(root / "site-fresh-retitled")
print(json.dumps({"first": first, "second": second, "total": devcache.counts}))
"""


def copy_book(dest: Path) -> Path:
    for name in ("docs", "overrides", "scripts", "examples", "curriculum"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def differing(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b)
    out += [str(a / n) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    for sub in cmp.common_dirs:
        out += differing(a / sub, b / sub)
    return out


def test_a_serve_rebuild_renders_only_what_changed_and_equals_a_fresh_build(tmp_path):
    book = copy_book(tmp_path / "book")
    proc = subprocess.run([sys.executable, "-c", TWO_BUILDS, str(book)], env=ENV, cwd=book,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    counts = json.loads(proc.stdout.strip().splitlines()[-1])
    first = counts["first"]
    second = {k: counts["second"][k] - first[k] for k in first}
    third = {k: counts["total"][k] - counts["second"][k] for k in first}
    assert first["render_reused"] == 0 and first["rendered"] > 90, first
    # The zh page that was edited, and the zh and en Transformer pages that include the example.
    assert second["rendered"] == 3, second
    assert second["render_reused"] == first["rendered"] - 3, second
    assert second["indexed"] == 3 and second["index_reused"] == first["indexed"] - 3, second
    assert second["templated"] == 3 and second["template_reused"] == first["templated"] - 3, second
    zh_pages = sum(1 for p in (book / "docs").rglob("*.md") if not p.name.endswith(".en.md"))
    assert third["rendered"] == 0 and third["templated"] == zh_pages, third

    assert "缓存测试段落" in (book / "site-cached/foundation/language-models/index.html").read_text(
        encoding="utf-8")
    assert "# cache test" in (book / "site-cached/en/foundation/transformer/index.html").read_text(
        encoding="utf-8")
    assert differing(book / "site-cached", book / "site-fresh") == []
    assert "新标题" in (book / "site-retitled/foundation/transformer/index.html").read_text(
        encoding="utf-8")  # in the navigation of another page
    assert differing(book / "site-retitled", book / "site-fresh-retitled") == []
