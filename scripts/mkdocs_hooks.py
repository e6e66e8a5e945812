"""MkDocs hooks: thin calls into the handbook package, no logic here (see DESIGN.md)."""
from pathlib import Path

from mkdocs.plugins import event_priority

from handbook import devcache
from handbook.dates import revision_line
from handbook.diagrams import use_prerendered
from handbook.site import postprocess
from handbook.speed import defer_highlighting, slim_code

ROOT = Path(__file__).resolve().parents[1]


def on_startup(command, dirty, **kwargs):
    if command == "serve":  # rebuilds after a save re-render only what changed
        devcache.enable(ROOT)


def on_env(env, config, files, **kwargs):
    if devcache.is_enabled():
        env.bytecode_cache = devcache.templates
    return env


def _lang(page) -> str:
    return "en" if page.file.src_uri.endswith(".en.md") else "zh"


def on_page_markdown(markdown, page, config, **kwargs):
    line = revision_line(ROOT, page.file.src_uri, _lang(page))
    return f'{markdown}\n\n<p class="hb-revision"><small>{line}</small></p>\n'


def on_page_content(html, page, config, **kwargs):
    html = use_prerendered(html, Path(config.docs_dir), "../" * page.url.count("/"), _lang(page))
    return slim_code(html)


def on_post_page(output, page, config, **kwargs):
    return defer_highlighting(output)


@event_priority(-200)  # after mkdocs-static-i18n merged the index and the offline plugin inlined it
def on_post_build(config, **kwargs):
    postprocess(config.site_dir)
