"""`make bench`: build time (full vs floor), reload time under `mkdocs serve`, page weight,
search index size and Lighthouse scores, measured on this machine.

Writes build/bench/report.json and build/bench/report.md. Lighthouse 12 runs through npm
(installed once into build/bench/tools) with Debian Chromium; it is skipped with a message
when node, npm or Chromium is missing.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking " \
        "--disable-component-update --disable-sync"
PAGES = {"home": "", "module": "foundation/", "topic": "foundation/transformer/",
         "glossary": "glossary/", "learning path": "learning-path/"}
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
sys.path.insert(0, str(ROOT / "tests"))


def timed_build(config: Path, site: Path, strict: bool) -> float:
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(site)]
    start = time.perf_counter()
    subprocess.run(args + (["--strict"] if strict else []), cwd=ROOT, env=ENV, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def floor_config(tmp: Path) -> Path:
    """Stock Material + search with jieba + the same Markdown extensions, nothing else."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = re.search(r"^markdown_extensions:\n.*?(?=^\S)", text, re.S | re.M).group(0)
    search = re.search(r"^  - search:\n.*?(?=^  - )", text, re.S | re.M).group(0)
    config = tmp / "floor.yml"
    config.write_text(f"site_name: floor\ndocs_dir: {ROOT / 'docs'}\ntheme:\n  name: material\n"
                      f"  font: false\n{extensions}plugins:\n{search}", encoding="utf-8")
    return config


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static host that gzips text, as GitHub Pages and most hosts do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        text = path.suffix in (".html", ".js", ".css", ".json", ".svg", ".xml")
        if not path.is_file() or not text or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page_weight(site: Path, base: str) -> dict:
    """Bytes a reader downloads on a cold first view, gzip-compressed like a static host."""
    from browser import chromium, new_page
    weights = {}
    with chromium() as browser:
        for lang, prefix in (("zh", ""), ("en", "en/")):
            for kind, path in PAGES.items():
                page = new_page(browser, width=1280, height=900)
                urls = []
                page.on("requestfinished", lambda r, urls=urls: urls.append(r.url))
                page.goto(f"{base}/{prefix}{path}", wait_until="networkidle")
                raw = gz = 0
                for url in set(urls):
                    local = url[len(base) + 1:].split("?")[0].split("#")[0]
                    file = site / local
                    if file.is_dir() or local.endswith("/") or not local:
                        file = file / "index.html"
                    if file.is_file():
                        data = file.read_bytes()
                        raw += len(data)
                        gz += len(gzip.compress(data, 6)) if file.suffix != ".woff2" else len(data)
                weights[f"{lang}/{kind}"] = {"requests": len(set(urls)), "bytes": raw, "gzip": gz}
                page.context.close()
    return weights


def reload_time(tmp: Path) -> list[float]:
    """Seconds from saving one page to the browser finishing the reload under `mkdocs serve`,
    for three saves in a row."""
    from browser import chromium, new_page
    port = 8123
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    page_file = ROOT / "docs" / "foundation" / "transformer.md"
    original = page_file.read_text(encoding="utf-8")
    try:
        for line in proc.stderr:  # wait until the first build is served
            if "Serving on" in line:
                break
        # keep reading the server's log, so that it never waits on a full pipe
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        with chromium() as browser:
            page = new_page(browser)
            page.goto(f"http://127.0.0.1:{port}/foundation/transformer/", wait_until="load")
            times = []
            for edit in range(1, 4):  # three saves; the report gives the median
                page.wait_for_timeout(2000)  # (not time.sleep: lets Playwright take in events)
                with page.expect_event("load", timeout=120000):
                    start = time.perf_counter()
                    page_file.write_text(original + "\n" * edit, encoding="utf-8")
                times.append(round(time.perf_counter() - start, 2))
            return times
    finally:
        page_file.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)


def lighthouse(base: str) -> dict:
    if not (shutil.which("npm") and Path(CHROMIUM).exists()):
        print("Lighthouse skipped: needs node/npm and Chromium (apt-get install chromium)")
        return {}
    tools = OUT / "tools"
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(tools), LIGHTHOUSE], check=True)
    scores = {}
    for lang, prefix in (("zh", ""), ("en", "en/")):
        for kind, path in PAGES.items():
            report = OUT / f"lighthouse-{lang}-{kind}.json"
            subprocess.run([str(binary), f"{base}/{prefix}{path}", "--quiet", "--output=json",
                            f"--output-path={report}", f"--chrome-flags={FLAGS}",
                            "--only-categories=performance,accessibility,best-practices,seo"],
                           env=dict(ENV, CHROME_PATH=CHROMIUM), check=True)
            data = json.loads(report.read_text(encoding="utf-8"))
            scores[f"{lang}/{kind}"] = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
    return scores


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    full = timed_build(ROOT / "mkdocs.yml", tmp / "full", strict=True)
    floor = timed_build(floor_config(tmp), tmp / "floor", strict=False)
    site = tmp / "full"
    index = {lang: site / p / "search_index.json" for lang, p in (("zh", "search"), ("en", "en/search"))}
    report = {
        "build_seconds": {"full": round(full, 2), "floor": round(floor, 2),
                          "ratio": round(full / floor, 2)},
        "search_index": {lang: {"bytes": f.stat().st_size,
                                "gzip": len(gzip.compress(f.read_bytes(), 6))}
                         for lang, f in index.items()},
    }
    server, base = serve(site)
    try:
        report["weight"] = page_weight(site, base)
        report["lighthouse"] = lighthouse(base)
    finally:
        server.shutdown()
    reloads = reload_time(tmp)
    report["reload_seconds"] = {"median": sorted(reloads)[1], "all": reloads}
    (OUT / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    lines = ["# Benchmark", "", f"Build: full {full:.1f} s, floor {floor:.1f} s, ratio "
             f"{report['build_seconds']['ratio']}", f"Reload after saving one page: "
             f"{report['reload_seconds']['median']} s (median of {report['reload_seconds']['all']})",
             "", "| page | requests | bytes | gzip |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v['requests']} | {v['bytes']:,} | {v['gzip']:,} |"
              for k, v in report["weight"].items()]
    lines += ["", "| search index | bytes | gzip |", "|---|---:|---:|"]
    lines += [f"| {k} | {v['bytes']:,} | {v['gzip']:,} |" for k, v in report["search_index"].items()]
    if report["lighthouse"]:
        lines += ["", "| Lighthouse (mobile) | performance | accessibility | best practices | SEO |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {k} | {v['performance']} | {v['accessibility']} | {v['best-practices']} | {v['seo']} |"
                  for k, v in report["lighthouse"].items()]
    (OUT / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
