"""The text of an article the linker reads: title, sapo and body blocks, each block a line."""

import html
import re

from cong.core.text import nfc

_BLOCK_TAGS = re.compile(r"(?i)<\s*(?:br|/p|/li|/h[1-6]|/div|/blockquote)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def html_to_text(markup: str) -> str:
    text = _BLOCK_TAGS.sub("\n", markup or "")
    text = html.unescape(_TAGS.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def body_text(body) -> str:
    """Paragraphs (rich text → text), subheadings, quotes and captions, one per line."""
    lines = []
    for block in body or []:
        value = block.value
        if block.block_type == "paragraph":
            lines.append(html_to_text(value.source if hasattr(value, "source") else str(value)))
        elif block.block_type == "subheading":
            lines.append(str(value))
        elif block.block_type == "quote":
            lines.append(value.get("quote", ""))
            lines.append(value.get("attribution", ""))
        elif block.block_type == "image":
            lines.append(value.get("caption", ""))
    return "\n".join(line for line in lines if line)


def article_texts(page) -> list[tuple[str, str]]:
    """(location, NFC text) pairs: title, sapo, body."""
    parts = [("title", page.title), ("sapo", getattr(page, "sapo", ""))]
    parts.append(("body", body_text(getattr(page, "body", None))))
    return [(where, nfc(text)) for where, text in parts if text]
