"""Caches for `make serve`: after saving one page, the rebuild re-renders that page only.

MkDocs rebuilds every page of both languages on each save (mkdocs-static-i18n has no dirty
build), and three steps take most of the time: Markdown to HTML (`Page.render`), the search
plugin's indexing of each page (with jieba), and the theme's template for each page. Each
depends only on inputs we can name, so under `mkdocs serve` they are wrapped with a cache that
lives as long as the server process. A plain
`mkdocs build` (and so every test and CI build) never uses it.
"""
from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemLoader, Template
from material.plugins.search.plugin import SearchIndex
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

SNIPPET = re.compile(r'^\s*--8<--\s+"([^":]+)(?::[^"]*)?"\s*$', re.M)
SNIPPET_ANY = re.compile(r"^\s*--8<--", re.M)  # `;--8<--` is an escaped, literal line
_enabled = False
counts = {"rendered": 0, "render_reused": 0, "indexed": 0, "index_reused": 0, "templated": 0,
          "template_reused": 0}
_renders: dict[tuple, tuple] = {}
_entries: dict[tuple, list] = {}
_outputs: dict[tuple, str] = {}


def enable(root: Path) -> None:
    """Wrap Page.render, SearchIndex.add_entry_from_context and Template.render with caches,
    copy and list less, and poll for saves more often (once per process; called by the hook's
    on_startup under `mkdocs serve`). The hook's on_env also gives each new Jinja environment
    `templates`, below."""
    global _enabled
    if _enabled:
        return
    _enabled = True
    render, index = Page.render, SearchIndex.add_entry_from_context

    def cached_render(page: Page, config, files) -> None:
        key = _render_key(page, config, files, root)
        if key is None:
            counts["rendered"] += 1
            return render(page, config, files)
        hit = _renders.get(key)
        counts["rendered" if hit is None else "render_reused"] += 1
        if hit is None:
            render(page, config, files)
            links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
            _forget_oldest(_renders)
            _renders[key] = (page.content, copy.deepcopy(page.toc), page._title_from_render,
                             set(page.present_anchor_ids or ()), links)
            return None
        content, toc, title, anchors, links = hit
        page.content, page.toc, page._title_from_render = content, copy.deepcopy(toc), title
        page.present_anchor_ids = set(anchors)
        # Links point at this build's File objects, so that anchors are checked against the
        # pages as they are now.
        page.links_to_anchors = {files.get_file_from_path(uri): dict(a) for uri, a in links.items()
                                 if files.get_file_from_path(uri) is not None}
        return None

    def cached_index(search_index: SearchIndex, page: Page) -> None:
        key = (page.url, page.content, page.title, _toc_key(page.toc),
               repr(page.meta.get("search")), repr(search_index.config))
        hit = _entries.get(key)
        counts["indexed" if hit is None else "index_reused"] += 1
        if hit is None:
            before = len(search_index.entries)
            index(search_index, page)
            _forget_oldest(_entries)
            _entries[key] = copy.deepcopy(search_index.entries[before:])
        else:
            search_index.entries.extend(copy.deepcopy(hit))

    # A page's HTML from the theme depends on the page, the navigation (titles, order) and the
    # settings; when none of them changed, the HTML is the one of the last build.
    render_template = Template.render

    def cached_template(template: Template, *args, **kwargs) -> str:
        context = args[0] if len(args) == 1 and isinstance(args[0], dict) and not kwargs else {}
        page = context.get("page")
        if not isinstance(page, Page) or "nav" not in context or "config" not in context:
            return render_template(template, *args, **kwargs)
        key = _page_key(template, context, page)
        output = _outputs.get(key)
        counts["templated" if output is None else "template_reused"] += 1
        if output is None:
            output = render_template(template, *args, **kwargs)
            _forget_oldest(_outputs)
            _outputs[key] = output
        return output

    Page.render = cached_render
    SearchIndex.add_entry_from_context = cached_index
    Template.render = cached_template

    # Static files (the diagrams' 3.9 MB, the vendored renderers) are copied on every rebuild,
    # and the theme's 10,000 files listed: copy only what changed since the last copy, and list
    # the theme once (serve does not watch the theme either).
    copy_file, listing, listed = File.copy_file, FileSystemLoader.list_templates, {}

    def copy_changed(file: File, dirty: bool = False) -> None:
        copy_file(file, dirty=True)

    def list_once(loader: FileSystemLoader) -> list[str]:
        key = tuple(loader.searchpath)
        if key not in listed:
            listed[key] = listing(loader)
        return listed[key]
    File.copy_file = copy_changed
    FileSystemLoader.list_templates = list_once

    # The server looks for saved files every 0.5 s; every 0.1 s brings a save to the browser
    # sooner (it checks the modification times of a few hundred files: nothing to notice).
    start_server = LiveReloadServer.__init__

    def polling_often(server, *args, polling_interval=0.1, **kwargs):
        start_server(server, *args, polling_interval=polling_interval, **kwargs)
    LiveReloadServer.__init__ = polling_often


class TemplateCache(BytecodeCache):
    """Compiled theme templates, kept across rebuilds (each rebuild makes a new Jinja
    environment, which would compile Material's 80 templates again)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


templates = TemplateCache()


def _forget_oldest(cache: dict, keep: int = 1000) -> None:
    """A long editing session keeps a bounded number of versions (a page is up to 0.3 MB)."""
    while len(cache) >= keep:
        del cache[next(iter(cache))]


def is_enabled() -> bool:
    return _enabled


def _render_key(page: Page, config, files, root: Path) -> tuple | None:
    markdown = page.markdown or ""
    snippets = SNIPPET.findall(markdown)
    if len(snippets) != len(SNIPPET_ANY.findall(markdown)):
        return None  # a snippet form we do not parse: always render
    included = tuple((path, _mtime(root / path)) for path in sorted(set(snippets)))
    site_files = tuple(sorted(f.src_uri for f in files))  # links resolve against these
    extensions = repr((config["markdown_extensions"], config["mdx_configs"]))
    return (page.file.src_uri, page.file.dest_uri, markdown, site_files, extensions, included)


def _page_key(template: Template, context: dict, page: Page) -> tuple:
    config = context["config"]
    settings = repr([(name, config.get(name)) for name in (
        "site_name", "site_url", "site_description", "copyright", "repo_url", "repo_name",
        "edit_uri", "extra", "extra_css", "extra_javascript")] + sorted(
        (name, repr(value)) for name, value in config.theme.items()))
    with open(config.config_file_path, "rb") as f:  # everything else in mkdocs.yml
        config_file = f.read()
    return (template.name, template.filename, page.url, page.file.src_uri, page.title,
            page.content, repr(page.meta), _toc_key(page.toc), page.edit_url, page.canonical_url,
            _nav_key(context["nav"].items), settings, config_file)


def _nav_key(items) -> tuple:
    return tuple((type(item).__name__, item.title, getattr(item, "url", None),
                  _nav_key(getattr(item, "children", None) or ())) for item in items)


def _toc_key(items) -> tuple:
    return tuple((item.id, item.title, item.level, _toc_key(item.children)) for item in items)


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1
