"""A saved web page (`.html`): trafilatura finds the article's main text and its facts, and the tree
it returns gives the structure. Sections: an `h1` opening the text is the headline (else the page's
title less the site's name); other headings are subheadings; paragraphs, list items, code and
loose text are body, one block each, except a paragraph the page marks as a caption or credit;
table rows are `table`; a quote is a pull quote when its words repeat the body's, else body.

Nothing is fetched: the page's bytes are all that is read (no images, no links, no scripts), and
only text leaves, so markup, `<script>` bodies and `javascript:` links never reach a block.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from copy import deepcopy
from html import unescape

import trafilatura
from lxml import etree
from trafilatura.utils import sanitize
from trafilatura.xml import xmltotxt

from ..errors import ArticleError
from .document import Document, Facts, assemble, one_line
from .facts import iso_date, text_fact
from .pullquote import repeats_body, word_lines

# trafilatura logs each page it gives up on ("empty HTML tree", "discarding data"); the reader says
# why in its one-line ArticleError instead, so a run that shows warnings does not repeat it.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

NO_ARTICLE = "no article text found in this page (an index page, a paywall or a login form?)"
NOT_HTML = "not a web page (no HTML markup found)"
HTML_TAG = re.compile(rb"<(?:!doctype|html|head|body|div|p|article|main|title)[\s>]", re.IGNORECASE)
# A page is read whole by trafilatura at about 1.5 s per MB of text (a 4 MB page of paragraphs
# takes 8 s): 4 MB is 2.5 times the largest of its 130 evaluation pages (1.6 MB).
MAX_PAGE_BYTES = 4_000_000
DATA_ADDRESS = re.compile(rb"data:[^\"'\s)>]{256,}")
DATE_SOURCE = "page metadata (trafilatura)"
# Plain trafilatura's main text (its defaults) less reader comments; images and links off, so no
# address in the page is ever used, let alone fetched.
EXTRACTION = {"output_format": "python", "with_metadata": True, "include_comments": False,
              "include_images": False, "include_links": False, "include_tables": True,
              "prune_xpath": ["//template"]}  # a <template>'s content is never shown; libxml2 keeps it

# trafilatura's output tree: `p`, `head`, `item` (in `list`), `quote` (from blockquote and q),
# `code` (from pre), `row`/`cell` (in `table`), inline `hi`, `ref`, `lb`, `del`; its fallbacks can
# leave `div` and other wrappers, which are read as containers.
TEXT_TAGS = {"p", "head", "item", "quote", "code"}  # one block each, unless they hold blocks
INLINE_TAGS = {"hi", "ref", "lb", "del", "span", "a", "b", "i", "em", "strong", "sub", "sup", "abbr"}
BLOCK_TAGS = {"p", "head", "list", "item", "table", "row", "cell", "div", "body", "html", "section"}
# A paragraph the page itself marks as a photo caption or credit (trafilatura keeps some classes,
# e.g. `imageCaption`; it drops <figure> whole, so most captions never reach its text).
CAPTION_CLASS = re.compile(r"caption|credit", re.IGNORECASE)
# No article: on trafilatura's 92 dev evaluation pages the shortest article has 80 such words;
# redirect, 404, help and settings stubs (rustdoc's), paywall teasers and login forms give 0-33,
# and a table of contents (the Rust book's) 41: words in lines of under 10 words don't count.
PARAGRAPH_MIN_WORDS = 10
MIN_PROSE_WORDS = 50
PULLQUOTE_MIN_WORDS = 5  # shorter repeats ("he said.") are no pull quote
QUOTE = "quote "  # the provisional section of a quote's blocks, with the quote's id
TITLE_SEPARATOR = re.compile(r"(\s+(?:[|\-–—·:/]|::)\s+)")  # "Title | Site", "Title - Site"


def read_html(data: bytes, name: str = "") -> Document:
    """The article in a web page, with its facts; a one-line ArticleError when the page holds
    none (an index page, a paywall stub, a login form, an empty page, not HTML at all)."""
    extracted = extract(data)
    etree.strip_elements(extracted.body, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    parts = mark_pullquotes(list(blocks_of(extracted.body)))
    title = page_title(extracted)
    headline, parts = split_headline(parts, title)
    if not has_article(parts):
        raise ArticleError(NO_ARTICLE)
    return assemble([("headline", headline or "")] + parts, facts_of(extracted, title or headline))


def extract(data: bytes):
    """trafilatura's reading of the page (main text tree and metadata); library failures on bad
    input become one-line ArticleErrors."""
    data = within_size(data)
    try:
        extracted = trafilatura.bare_extraction(data, date_extraction_params=date_options(), **EXTRACTION)
    except (ValueError, TypeError, LookupError, RecursionError, etree.LxmlError) as exc:
        reason = f"{type(exc).__name__}: {one_line(str(exc))[:80]}"
        raise ArticleError(f"cannot read this web page ({reason})") from None
    if extracted is None or extracted.body is None:
        start = data[:1_000_000].replace(b"\x00", b"")  # UTF-16 too
        raise ArticleError(NOT_HTML if start.strip() and not HTML_TAG.search(start) else NO_ARTICLE)
    return extracted


def within_size(data: bytes) -> bytes:
    """The page, refused when larger than MAX_PAGE_BYTES once inline images (`data:` addresses,
    which a page saved whole is full of and which are never read) are set aside."""
    if len(data) > MAX_PAGE_BYTES:
        data = DATA_ADDRESS.sub(b"data:,", data)
        if len(data) > MAX_PAGE_BYTES:
            raise ArticleError(f"too large for one web page ({len(data) / 1e6:.0f} MB of markup and text)")
    return data


def date_options() -> dict:
    """htmldate's options: the page's markup only (meta tags, JSON-LD, <time>, the address), no
    free-text search, which guesses and makes dateparser compile all its locales (seconds)."""
    return {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}


def text_of(element) -> str:
    """A text element's words as trafilatura prints a paragraph (entities decoded, inline markup
    dropped), without list markers or cell bars, and without its tail (the parent's text)."""
    return run_text(element.text, list(element))


def run_text(text: str | None, inline: list) -> str:
    """Words and inline elements (with the words after each) printed as one paragraph."""
    if not inline:  # what xmltotxt does to a paragraph without children, without building one
        return unescape(sanitize(text, True) or "") if text and not text.isspace() else ""
    holder = etree.Element("p")
    holder.text = text
    for child in inline:
        holder.append(deepcopy(child))  # with its tail: the words that follow it
    return xmltotxt(holder, False)


def holds_blocks(element) -> bool:
    """Whether an element has block children (a paragraph or list inside it), so it is read as
    a container rather than as one block."""
    return any(is_block(child, element) for child in element)


def is_block(element, parent) -> bool:
    """A block: structure tags and unknown wrappers; `quote`/`code` only outside a paragraph
    (inside one they are an inline <q> or <code>)."""
    tag = element.tag
    if tag in BLOCK_TAGS:
        return True
    if tag in ("quote", "code"):
        return parent.tag not in TEXT_TAGS or holds_blocks(element)
    return tag not in INLINE_TAGS


def blocks_of(container, section: str = "body"):
    """(section, text) for each block inside a container, in reading order; loose text between
    blocks is a paragraph of `section`."""
    text, inline = container.text, []
    for child in container:
        if not is_block(child, container):
            inline.append(child)
            continue
        yield section, run_text(text, inline)
        yield from blocks_of_element(child, section)
        text, inline = child.tail, []
    yield section, run_text(text, inline)


def blocks_of_element(element, section: str):
    """The blocks of one block element: by its tag, or a container's blocks when it holds some."""
    tag = element.tag
    if tag == "quote" and not section.startswith(QUOTE):
        section = f"{QUOTE}{id(element)}"  # a pull quote or a quoted passage: decided by the body
    if tag == "row" and not holds_blocks_in_cells(element):
        yield "table", row_text(element)
    elif tag in TEXT_TAGS and not holds_blocks(element):
        yield section_of(element, section), text_of(element)
    else:
        yield from blocks_of(element, section)


def holds_blocks_in_cells(row) -> bool:
    """A layout row (its cells hold paragraphs or lists: the article set in a table), not data."""
    return any(holds_blocks(cell) for cell in row)


def row_text(row) -> str:
    """A table row as trafilatura prints it: `| cell | cell |`."""
    cells = [one_line(text_of(cell)) for cell in row]
    return "| " + " | ".join(cells) + " |" if any(cells) else ""


def section_of(element, section: str) -> str:
    """The section of a text element: a heading, a caption the page marks as one, or `section`;
    `h1` marks a heading that may be the headline."""
    if element.tag == "head":
        return "h1" if element.get("rend") == "h1" else "subheading"
    if section == "body" and CAPTION_CLASS.search(element.get("class", "") + " " + element.get("id", "")):
        return "caption"
    return section


def mark_pullquotes(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A quote whose longest paragraph repeats a passage of the body (outside quotes) is a
    `pullquote`; any other quote (a quoted document, an embedded post) is body text."""
    parts = [(section, one_line(text)) for section, text in parts if one_line(text)]
    body = word_lines([text for section, text in parts if section == "body"])
    longest = {}
    for section, text in parts:
        if section.startswith(QUOTE) and len(text) > len(longest.get(section, "")):
            longest[section] = text
    pulled = {section for section, text in longest.items()
              if repeats_body(text, body, PULLQUOTE_MIN_WORDS)}
    return [("pullquote" if section in pulled else "body" if section.startswith(QUOTE) else section, text)
            for section, text in parts]


def split_headline(parts: list[tuple[str, str]], title: str | None) -> tuple[str | None, list]:
    """The headline: an `h1` heading opening the main text, else the page's title; other `h1`
    headings are subheadings."""
    headline = title
    if parts and parts[0][0] == "h1":
        headline, parts = parts[0][1], parts[1:]
    return headline, [("subheading" if s == "h1" else s, text) for s, text in parts]


def has_article(parts: list[tuple[str, str]]) -> bool:
    """Whether the main text holds an article's worth of prose: MIN_PROSE_WORDS words in body
    paragraphs of PARAGRAPH_MIN_WORDS words or more, each counted once (menus and link lists are
    shorter lines; an index page repeats its teasers)."""
    counts = [len(text.split()) for text in {text for section, text in parts if section == "body"}]
    return sum(n for n in counts if n >= PARAGRAPH_MIN_WORDS) >= MIN_PROSE_WORDS


def page_title(extracted) -> str | None:
    """The page's title less the site's name that pages put after or before it ("Title | Site",
    "Site - Title"): the shortest end run of parts naming the site (name or host) is dropped."""
    title = text_fact(extracted.title)
    host = (extracted.hostname or "").removeprefix("www.").split(".")[0]
    names = {compact(text_fact(extracted.sitename) or ""), compact(host)} - {""}
    pieces = TITLE_SEPARATOR.split(title or "")  # text, separator, text, ...
    for i in range(len(pieces) - 2, 0, -2):
        if is_site_name("".join(pieces[i + 1:]), names):
            return "".join(pieces[:i])
    for i in range(1, len(pieces) - 1, 2):
        if is_site_name("".join(pieces[:i]), names):
            return "".join(pieces[i + 1:])
    return title


def compact(name: str) -> str:
    """A name as lower-case letters and digits only: "La Stampa" and lastampa.it agree."""
    return re.sub(r"[\W_]+", "", name.lower())


def is_site_name(part: str, names: set[str]) -> bool:
    """Whether a title part names the site: the site's name or host name, or the start of one
    ("Pamela Anderson" for the Pamela Anderson Foundation, "Rosa-Luxemburg-Stiftung" for rosalux)."""
    part = compact(part)
    return len(part) >= 4 and any(n.startswith(part) or part.startswith(n) for n in names if len(n) >= 4)


def facts_of(extracted, title: str | None) -> Facts:
    """Title, author, date (with where it came from), outlet (site name, else host) and address."""
    published = iso_date(extracted.date)
    return Facts(
        title=title,
        outlet=text_fact(extracted.sitename) or text_fact(extracted.hostname),
        published=published,
        published_from=DATE_SOURCE if published else None,
        author=text_fact(extracted.author),
        url=text_fact(extracted.url),
    )
