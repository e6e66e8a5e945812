"""Less work for the browser on long pages (Lighthouse total blocking time, see issue #6).

A topic page's cost on a phone is style and layout of the whole document, repeated each time
Material's script touches it; both scale with the number of elements and with how much of the
page one attribute change invalidates.
"""
from __future__ import annotations

import re
from pathlib import Path

# Pygments wraps every token in a span. Names (`n`) are drawn in the code's own colour
# (`--md-code-hl-name-color: var(--md-code-fg-color)`) and whitespace (`w`) has no style, so
# their spans change nothing on screen; on the Transformer page they were 1 in 4 elements.
PRE = re.compile(r"<pre\b.*?</pre>", re.S)
PLAIN_TOKEN = re.compile(r'<span class="[nw]">([^<]*)</span>')
# A highlighted code block is one element per token: on the Transformer page its 14 blocks were
# 1,800 of 3,300 elements. A long block ships its tokens in an inert <template> and shows the
# same text plain until code.js swaps the tokens in as the block nears the viewport. Done on the
# finished page (on_post_page), after the search index has read the code once.
HIGHLIGHTED = re.compile(r"(<pre><span></span><code>)(.*?)(</code></pre>)", re.S)
TAG = re.compile(r"<[^>]+>")
DEFER_FROM_TOKENS = 40
# Material sets `data-md-color-switching` on <body> when it applies the palette, at every page
# load, and this rule makes that one attribute restyle every element of the page, twice (set,
# then removed). Without it a palette switch animates colours for a quarter second instead.
SWITCH_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
               "[data-md-color-switching] :before{transition-duration:0s!important}")


def slim_code(html: str) -> str:
    """Unwrap the code token spans that carry no style; the text is unchanged."""
    return PRE.sub(lambda block: PLAIN_TOKEN.sub(r"\1", block.group(0)), html)


def defer_highlighting(html: str) -> str:
    def defer(block: re.Match) -> str:
        start, tokens, end = block.groups()
        if tokens.count("<span") < DEFER_FROM_TOKENS:
            return block.group(0)
        return f'{start}{TAG.sub("", tokens)}{end}<template class="hb-code">{tokens}</template>'
    return HIGHLIGHTED.sub(defer, html)


def drop_switch_rule(site_dir: str | Path) -> None:
    sheets = list(Path(site_dir, "assets", "stylesheets").glob("palette.*.min.css"))
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        if SWITCH_RULE in text:
            sheet.write_text(text.replace(SWITCH_RULE, ""), encoding="utf-8")
        elif "data-md-color-switching" in text:
            raise RuntimeError(f"{sheet}: Material's palette-switch rule changed; "
                               "update SWITCH_RULE in scripts/handbook/speed.py")
