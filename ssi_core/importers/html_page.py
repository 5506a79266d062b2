"""A saved SSI page: the SSI response sits in a <code> element (raw or HTML-escaped, sometimes
inside <!-- -->), among other <code> elements holding unrelated JSON."""

from __future__ import annotations

import html
import json
import re

_CODE = re.compile(r"<(code|script)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_HINT = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|code|div|span|p|table)\b", re.I)
_DROP = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(
    r"<\s*/?\s*(?:br|p|div|li|ul|ol|tr|table|section|article|header|footer|h[1-6]|dt|dd|dl)\b[^>]*>",
    re.IGNORECASE,
)
_CELL = re.compile(r"<\s*/\s*(?:td|th)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2048]
    return head.startswith("<") and bool(_HTML_HINT.search(head))


def json_blocks(text: str) -> list:
    """Every <code>/<script> element whose content is JSON, parsed, in page order."""
    blocks = []
    for match in _CODE.finditer(text):
        content = match.group(2).strip()
        if content.startswith("<!--") and content.endswith("-->"):
            content = content[4:-3].strip()
        content = html.unescape(content)
        if not content.startswith(("{", "[")):
            continue
        try:
            blocks.append(json.loads(content))
        except (ValueError, RecursionError):
            continue
    return blocks


def visible_text(text: str) -> str:
    """The page as a reader sees it, one block per line (for the page-text reader)."""
    text = _COMMENT.sub(" ", _DROP.sub(" ", text))
    text = _CELL.sub("\t", _BLOCK.sub("\n", text))
    text = html.unescape(_TAG.sub(" ", text))
    lines = (re.sub(r"[ \u00a0]+", " ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())
