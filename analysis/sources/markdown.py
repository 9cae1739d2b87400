"""A Markdown article (`.md`, `.markdown`): CommonMark read by markdown-it-py, with optional front matter.

Only what a reader sees is kept: headings, paragraphs, list items, quotations and table rows as
plain text. Inline markup, code, raw HTML and image addresses are not article text; nothing is
rendered, so no URL or tag in the file is ever followed or executed.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ..reading import CONTROL_CHARS, decode
from .document import Document, Facts, assemble, one_line
from .facts import iso_date, text_fact
from .pullquote import with_pullquotes

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_END = ("---", "...")
FRONT_MATTER_MAX_LINES = 200
KEY_LINE = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s+(.*?))?\s*$")
BLOCK_SCALAR_MARKS = ("", "|", ">", "|-", ">-", "|+", ">+")  # the value follows on indented lines
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
OUTLET_KEYS = ("outlet", "source", "publisher")
WEB_URL = re.compile(r"https?://\S+$", re.IGNORECASE)
HIDDEN_INLINE_TAG = re.compile(r"<(/?)(script|style)\b", re.IGNORECASE)
LINE_BREAK_TAG = re.compile(r"<br\b", re.IGNORECASE)


def scalar(value: str) -> str:
    """A YAML-style scalar as plain text: surrounding quotes removed, a trailing ` # comment` dropped
    from an unquoted value, a `[a, b]` list joined with commas."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace("''", "'") if value[0] == "'" else value[1:-1]
    value = re.sub(r"\s#.*$", "", value).strip()
    if value.startswith("[") and value.endswith("]"):
        return ", ".join(scalar(item) for item in value[1:-1].split(","))
    return value


def front_matter_fields(lines: list[str]) -> dict[str, str] | None:
    """`key: value` lines (a `- item` list or indented lines may follow a key) as a dict, or None
    when a line is something else: then the `---` at the top was a rule, not front matter."""
    fields: dict[str, list[str]] = {}
    key = None
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = None if line[0].isspace() else KEY_LINE.match(line)
        if found:
            key, value = found.group(1).lower(), found.group(2) or ""
            fields[key] = [] if value in BLOCK_SCALAR_MARKS else [value]
        elif key is not None and stripped.startswith("- "):
            fields[key].append(stripped[2:])
        elif key is not None and line[0].isspace():
            fields[key][-1:] = [" ".join(fields[key][-1:] + [stripped])]
        else:
            return None
    return {key: ", ".join(scalar(value) for value in values) for key, values in fields.items()}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(front matter fields, the Markdown after it); no fields when the file has none."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        return {}, text
    for end in range(1, min(len(lines), FRONT_MATTER_MAX_LINES + 1)):
        if lines[end].rstrip() in FRONT_MATTER_END:
            fields = front_matter_fields(lines[1:end])
            return ({}, text) if fields is None else (fields, "\n".join(lines[end + 1:]))
    return {}, text


def facts_from(fields: dict[str, str]) -> Facts:
    """The facts a front matter states; a date only when it names a day, a URL only when it is a
    web address (never `javascript:`)."""
    published = iso_date(fields.get("date"))
    url = text_fact(fields.get("url"))
    return Facts(title=text_fact(fields.get("title")),
                 outlet=next((text_fact(fields[k]) for k in OUTLET_KEYS if text_fact(fields.get(k))), None),
                 published=published, published_from="Markdown front matter" if published else None,
                 author=text_fact(fields.get("author")), url=url if url and WEB_URL.match(url) else None)


def plain_text(children) -> str:
    """The words a reader sees in inline tokens: markup, image alt text and HTML tags dropped (and
    what sits between inline `<script>`/`<style>` tags), code and link text kept, breaks as spaces."""
    out, hidden = [], False
    for token in children or ():
        if token.type == "html_inline":
            tag = HIDDEN_INLINE_TAG.match(token.content)
            if tag:
                hidden = not tag.group(1)
            elif LINE_BREAK_TAG.match(token.content):
                out.append(" ")
        elif hidden:
            continue
        elif token.type in ("text", "text_special", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def image_caption(children) -> str | None:
    """A paragraph that is one image alone: its alt text (else its title) as a caption, the way
    pandoc makes such an image a figure; None for any other paragraph."""
    tokens = [t for t in children or () if not (t.type in ("text", "softbreak") and not t.content.strip())]
    if len(tokens) != 1 or tokens[0].type != "image":
        return None
    return plain_text(tokens[0].children) or tokens[0].attrs.get("title") or ""


def parts_of(tokens) -> list[tuple[str, str]]:
    """(kind, text) in reading order: `h1`..`h6`, `body`, `quote` (inside a blockquote),
    `caption` and `table` rows; code, raw HTML and rules are skipped."""
    parts, quote_depth, row = [], 0, None
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            parts.append(("table", " | ".join(cell for cell in row if cell)))
            row = None
        elif token.type == "inline":
            opener = tokens[index - 1]
            text = one_line(plain_text(token.children))
            if row is not None:
                row.append(text)
            elif opener.type == "heading_open":
                parts.append((opener.tag, text))
            elif (caption := image_caption(token.children)) is not None:
                parts.append(("caption", caption))
            else:
                parts.append(("quote" if quote_depth else "body", text))
    return parts


def sections_of(parts: list[tuple[str, str]], title: str | None) -> list[tuple[str, str]]:
    """Parts as sections: the first h1 is the headline (the front matter title when there is no h1,
    never the first paragraph), other headings subheadings, quotations pull quotes or body."""
    parts = [(kind, text) for kind, text in parts if text.strip()]
    headline = next((i for i, (kind, _) in enumerate(parts) if kind == "h1"), None)
    sections = [("headline" if i == headline else "subheading" if kind in HEADINGS else kind, text)
                for i, (kind, text) in enumerate(parts)]
    if headline is None and title:
        sections.insert(0, ("headline", title))
    return with_pullquotes(sections)


def read_markdown(data: bytes, name: str = "") -> Document:
    """A Markdown file as a Document: its front matter as facts, its blocks as sections."""
    fields, source = split_front_matter(CONTROL_CHARS.sub(" ", decode(data)))
    facts = facts_from(fields)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True  # links are never followed: accept all, keep their text only
    return assemble(sections_of(parts_of(parser.parse(source)), facts.title), facts)
