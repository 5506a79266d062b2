"""A saved SSI page: the SSI response sits in a <code> element (raw or HTML-escaped, sometimes
inside <!-- -->), among other <code> elements holding unrelated JSON.

The page is read by a tokenizer of its own, in one pass that only moves forward: every search
starts where the previous one ended, so any page is read in time linear in its length. (The
standard library's html.parser and libxml2 both take quadratic time on some inputs: a megabyte of
"</" or "<!" takes them minutes.) A tag or comment that never ends ends the page; the tags that
matter here are few: <code> and <script> hold the JSON, <script>, <style> and <template> hold
nothing visible, block tags break lines and table cells are separated by tabs.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ssi_core.importers.limits import MAX_HTML_TAGS, MAX_JSON_CONTAINERS
from ssi_core.importers.messages import rejected

_HTML_HINT = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|code|div|span|p|table)\b", re.I)
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9:-]*")
# The end of a tag: its '>' or the quote of an attribute value.
_TAG_END = re.compile(r"[>\"']")
_HIDDEN = frozenset({"script", "style", "template"})
_JSON_HOLDERS = frozenset({"code", "script"})
_BLOCKS = frozenset(
    [
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "dt",
        "dd",
        "dl",
    ]
)
_CELLS = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \u00a0]+")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2048]
    return head.startswith("<") and bool(_HTML_HINT.search(head))


@dataclass
class Page:
    """What a saved page holds: the content of its <code> and <script> elements, in page
    order, and its visible text, a block per line."""

    blocks: list[str] = field(default_factory=list)
    text: str = ""

    def json_values(self) -> Iterator[Any]:
        """Each block whose content is JSON naming an SSI score, parsed, in page order (one at
        a time)."""
        for block in self.blocks:
            value = _json_of(block)
            if value is not None:
                yield value


def read(text: str, file_label: str = "The page") -> Page:
    """Tokenize the page once: its JSON holders and its visible text.

    Raises ImportRejected when the page has more than MAX_HTML_TAGS tags (or '<' signs).
    """
    lower = text.lower()
    page = Page()
    pieces: list[str] = []
    code_from: int | None = None  # where the open <code> element's content starts
    at, end = 0, len(text)
    tags = 0
    while at < end:
        lt = text.find("<", at)
        tags += 1
        if tags > MAX_HTML_TAGS:
            raise rejected("too_many_tags", file=file_label, limit=f"{MAX_HTML_TAGS:,}")
        if lt < 0:
            pieces.append(text[at:])
            break
        if lt > at:
            pieces.append(text[at:lt])
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            if close < 0:
                break  # a comment that never ends hides the rest of the page
            at = close + 3
            continue
        closing = text.startswith("</", lt)
        name_match = _NAME.match(text, lt + (2 if closing else 1))
        if name_match is None:
            if text.startswith(("<!", "<?", "</"), lt):  # a declaration or a stray end mark
                close = text.find(">", lt + 2)
                if close < 0:
                    break
                at = close + 1
            else:
                pieces.append("<")  # a lone '<' in the text
                at = lt + 1
            continue
        after = _tag_end(text, name_match.end())
        if after < 0:
            break  # a tag that never ends: nothing after it is read
        name = name_match.group().lower()
        at = after
        if closing:
            if name == "code" and code_from is not None:
                page.blocks.append(text[code_from:lt])
                code_from = None
            pieces.append("\t" if name in _CELLS else "\n" if name in _BLOCKS else " ")
            continue
        if name in _HIDDEN:
            close = lower.find("</" + name, at)
            content = text[at:] if close < 0 else text[at:close]
            if name in _JSON_HOLDERS:
                page.blocks.append(content)
            if close < 0:
                break
            after_close = text.find(">", close)
            at = end if after_close < 0 else after_close + 1
            pieces.append(" ")
            continue
        if name == "code":
            code_from = at
        pieces.append("\n" if name in _BLOCKS else " ")
    page.text = _lines(html.unescape("".join(pieces)))
    return page


def _tag_end(text: str, at: int) -> int:
    """The position after the '>' that ends a tag whose attributes start at `at`; -1 when the
    tag never ends. Quoted attribute values may hold '>'."""
    while True:
        found = _TAG_END.search(text, at)
        if found is None:
            return -1
        mark = found.group()
        if mark == ">":
            return found.end()
        close = text.find(mark, found.end())
        if close < 0:
            return -1
        at = close + 1


def _lines(text: str) -> str:
    """One block per line, runs of spaces as one."""
    lines = (_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _json_of(block: str) -> Any:
    """The JSON a block holds (raw, HTML-escaped, or inside a comment); None when not JSON."""
    if "memberScore" not in block:
        return None  # every SSI response names it; other blocks are not parsed at all
    content = block.strip()
    if content.startswith("<!--") and content.endswith("-->"):
        content = content[4:-3].strip()
    if not content.startswith(("{", "[", "&")):
        return None
    content = html.unescape(content)
    if not content.startswith(("{", "[")):
        return None
    # Each object or array costs far more memory than its text: a block of millions of them
    # is no SSI response.
    if content.count("{") + content.count("[") > MAX_JSON_CONTAINERS:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None
