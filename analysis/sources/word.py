"""A Word article (`.docx`): sections from paragraph styles, facts from the file's core properties.

The archive is checked before anything inflates it (`archive.open_office_zip`), every member
python-docx would parse as XML is streamed and refused if it declares a DTD (Office XML never has
one; entity bombs need one), and only then does python-docx read the package. Text is taken from
the XML as Word shows it with tracked changes accepted.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterable

import docx
from docx.exceptions import PythonDocxError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import PartFactory, XmlPart
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import ArticleError
from . import archive
from .document import Document, Facts, assemble, one_line
from .facts import iso_date, text_fact
from .pullquote import with_pullquotes

KIND = "Word file"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Built-in style names and IDs (lower case, letters and digits only) -> kind. Word stores built-in
# names in English whatever the interface language; pandoc's block quote and caption styles too.
STYLE_KINDS = {"title": "title", "subtitle": "subtitle", "caption": "caption", "imagecaption": "caption",
               "tablecaption": "caption", "quote": "quote", "intensequote": "quote", "blocktext": "quote",
               **{f"heading{n}": f"h{n}" for n in range(1, 10)}}
HEADING_KINDS = ("title", "subtitle", *(f"h{n}" for n in range(1, 10)))
MAX_STYLE_DEPTH = 16  # basedOn chains are short; a loop in a damaged file must end
SCAN_CHUNK = 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
XML_PART_TYPES = {t for t, cls in PartFactory.part_type_for.items() if issubclass(cls, XmlPart)}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
DECLARED_ENCODING = re.compile(r"\ufeff?\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)")
UNICODE_NAMES = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be"}
# Author names Office and generators fill in by themselves: not an author.
PLACEHOLDER_AUTHORS = {"python-docx", "windows user", "microsoft office user", "user", "author", "unknown"}
# The stamp in python-docx's blank template: every file it makes from scratch says "created" then.
TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"  # repeats its Choice
SKIPPED = {W + "del", W + "moveFrom", W + "txbxContent", W + "pPr", W + "rPr", MC_FALLBACK}
CONTAINERS = (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag")  # wrappers of body content
# The library's failures on a damaged package: zip, inflate and XML errors, missing parts, bad values.
LIBRARY_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, KeyError,
                  ValueError, IndexError, etree.LxmlError, PythonDocxError, OpcError)


def xml_members(zipped: zipfile.ZipFile) -> list[str]:
    """The members python-docx parses as XML: the content-type map, relationships, and the parts
    whose content type it reads as XML (document, styles, numbering, headers, properties ...)."""
    types_xml = archive.read_member(zipped, CONTENT_TYPES, KIND)
    refuse_dtd(CONTENT_TYPES, [types_xml])
    try:
        root = etree.fromstring(types_xml, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ArticleError(f"this {KIND} is damaged ({CONTENT_TYPES}: {one_line(str(exc))})") from None
    overrides = {e.get("PartName", "").lower(): e.get("ContentType") for e in root.iter(f"{CT}Override")}
    defaults = {e.get("Extension", "").lower(): e.get("ContentType") for e in root.iter(f"{CT}Default")}

    def content_type(name: str) -> str | None:
        return overrides.get("/" + name.lower(), defaults.get(name.rpartition(".")[2].lower()))

    return [name for name in dict.fromkeys(zipped.namelist())
            if name.lower().endswith(".rels") or content_type(name) in XML_PART_TYPES]


def xml_encoding(head: bytes) -> str | None:
    """The encoding of an XML part from its first bytes when UTF-8 or UTF-16 (the two OOXML allows,
    and the two the DTD scan reads), else None: UCS-4, EBCDIC or a declared UTF-7 would hide a DTD."""
    if head.startswith((b"\xff\xfe", b"<\x00")) and not head.startswith((b"\xff\xfe\x00\x00", b"<\x00\x00")):
        encoding = "utf-16-le"
    elif head.startswith((b"\xfe\xff", b"\x00<")) and not head.startswith(b"\x00<\x00\x00"):
        encoding = "utf-16-be"
    elif not head or (head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<" and b"\x00" not in head):
        encoding = "utf-8"
    else:
        return None
    declared = DECLARED_ENCODING.match(head.decode(encoding, errors="ignore"))
    return encoding if declared is None or declared.group(1).lower() in UNICODE_NAMES else None


def refuse_dtd(name: str, chunks: Iterable[bytes]) -> None:
    """Refuse an XML part, read in chunks, that declares a DTD (entity bombs need one; Word never
    writes one) or is in an encoding the scan cannot read."""
    chunks = iter(chunks)
    head = next(chunks, b"")
    encoding = xml_encoding(head)
    if encoding is None:
        raise ArticleError(f"this {KIND} has a part ({name}) that is not UTF-8 or UTF-16 XML: refused")
    marker, tail = "<!DOCTYPE".encode(encoding), b""
    for chunk in itertools.chain((head,), chunks):
        window = tail + chunk
        if marker in window:
            raise ArticleError(f"this {KIND} declares a DTD in {name}: refused (Word never writes one; "
                               "XML entity expansion needs one)")
        tail = window[-len(marker):]


def scan_members(zipped: zipfile.ZipFile) -> None:
    """Stream every member python-docx parses as XML through `refuse_dtd`; a member is never read
    past its stated size (one that lies about it fails its CRC check and is called damaged)."""
    for name in xml_members(zipped):
        try:
            with zipped.open(name) as handle:
                refuse_dtd(name, iter(lambda: handle.read(SCAN_CHUNK), b""))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ArticleError(f"this {KIND} is damaged ({name}: {one_line(str(exc))})") from None


def style_kind(style) -> str:
    """`title`, `subtitle`, `h1`..`h9`, `caption`, `quote` or `body` for a paragraph style: by its
    built-in name or ID, else its outline level, else the style it is based on (custom styles)."""
    for _ in range(MAX_STYLE_DEPTH):
        if style is None:
            break
        for label in (style.name, style.style_id):
            kind = STYLE_KINDS.get(re.sub(r"[^a-z0-9]", "", (label or "").lower()))
            if kind:
                return kind
        level = outline_level(style.element)
        if level is not None:
            return level
        style = style.base_style
    return "body"


def outline_level(element) -> str | None:
    """`h1`..`h9` for an outline level 0-8 set in a paragraph's or style's properties, `body` for
    level 9 (Word's body text level), None when none is set."""
    found = element.find(f"{W}pPr/{W}outlineLvl")
    value = found.get(W + "val", "") if found is not None else ""
    if not value.isdigit():
        return None
    return f"h{int(value) + 1}" if int(value) < 9 else "body"


def run_text(element) -> str:
    """The text Word shows for a paragraph: text, tabs and breaks as spaces; deleted (tracked) text,
    text boxes and properties left out."""
    if element.tag in SKIPPED:
        return ""
    if element.tag == W + "t":
        return element.text or ""
    if element.tag in (W + "tab", W + "br", W + "cr"):
        return " "
    if element.tag == W + "noBreakHyphen":
        return "-"
    return "".join(run_text(child) for child in element)


def paragraph_style(p, document):
    """A paragraph's style, or None when the file's styles part is not one (a damaged package whose
    text is still readable: its paragraphs are read as body text rather than the file refused).
    The default style (a paragraph that names none) is found with one XPath query: python-docx
    scans every style of the file for it, which cost more than the rest of the reading."""
    try:
        if style_id(p) is None:
            found = document.styles.element.xpath('w:style[@w:type="paragraph" and @w:default="1"]')
            return StyleFactory(found[0]) if found else None
        return Paragraph(p, document).style
    except (AttributeError, KeyError, ValueError, PythonDocxError):
        return None


def style_id(p) -> str | None:
    """The id of the style a paragraph names (None: the document's default paragraph style)."""
    found = p.find(f"{W}pPr/{W}pStyle")
    return found.get(W + "val") if found is not None else None


def paragraph_kind(p, document, known: dict) -> str:
    """A paragraph's kind: an outline level set on the paragraph itself wins over its style. Each
    style is resolved once per document (`known`): python-docx looks the default style up by
    scanning every style, which made reading a Word file cost more than parsing it."""
    level = outline_level(p)
    if level:
        return level
    key = style_id(p)
    if key not in known:
        known[key] = style_kind(paragraph_style(p, document))
    return known[key]


def children(element):
    """An element's children, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in CONTAINERS:
            yield from children(child)
        else:
            yield child


def rows(table) -> list[str]:
    """A table's rows, each as one line: its non-empty cells joined by ` | `."""
    return [" | ".join(text for tc in children(tr) if tc.tag == W + "tc" and (text := cell_text(tc)))
            for tr in children(table) if tr.tag == W + "tr"]


def cell_text(cell) -> str:
    """A table cell's paragraphs as one line (a table nested in it flattened into it)."""
    texts = [run_text(child) if child.tag == W + "p" else " ".join(rows(child))
             for child in children(cell) if child.tag in (W + "p", W + "tbl")]
    return one_line(" ".join(texts))


def items_of(body, document) -> list[tuple[str, str]]:
    """(kind, text) for the body's paragraphs and table rows in reading order, through content
    controls; empty paragraphs skipped."""
    items, known = [], {}
    for child in children(body) if body is not None else ():
        if child.tag == W + "p":
            items.append((paragraph_kind(child, document, known), one_line(run_text(child))))
        elif child.tag == W + "tbl":
            items.extend(("table", row) for row in rows(child))
    return [(kind, text) for kind, text in items if text]


def sections_of(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Kinds as sections: the first Title or Heading 1 is the headline (else the first paragraph),
    Subtitles right after it the standfirst, other headings subheadings, quotes pull quotes when
    they repeat the body (else body)."""
    headline = next((i for i, (kind, _) in enumerate(items) if kind in ("title", "h1")),
                    next((i for i, (kind, _) in enumerate(items) if kind != "table"), None))
    sections, standfirst = [], True
    for i, (kind, text) in enumerate(items):
        if i == headline:
            section = "headline"
        elif headline is not None and i > headline and kind == "subtitle" and standfirst:
            section = "standfirst"
        else:
            section = "subheading" if kind in HEADING_KINDS else kind
        standfirst = headline is None or i < headline or section in ("headline", "standfirst")
        sections.append((section, text))
    return with_pullquotes(sections)


def core_facts(document) -> Facts:
    """Author, title and the created date from the file's core properties, when the file has them
    (python-docx would otherwise make up a part titled "Word Document"); the names and date that
    software fills in by itself are no facts."""
    try:
        part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        part = None
    if not isinstance(part, CorePropertiesPart):
        return Facts()
    properties = part.core_properties
    author, title, created = (core_property(properties, key) for key in ("author", "title", "created"))
    author = text_fact(author)
    dated = isinstance(created, dt.datetime) and created != TEMPLATE_CREATED
    published = iso_date(created) if dated else None
    return Facts(title=text_fact(title),
                 author=None if author is None or author.lower() in PLACEHOLDER_AUTHORS else author,
                 published=published, published_from="Word file properties (created)" if published else None)


def core_property(properties, key: str):
    """One core property, or None when its XML is malformed (a bad date is no date, not a bad file)."""
    try:
        return getattr(properties, key)
    except (TypeError, ValueError, AttributeError, PythonDocxError):
        return None


def read_docx(data: bytes, name: str = "") -> Document:
    """A Word file as a Document; a one-line ArticleError for a damaged, encrypted or hostile file."""
    with archive.open_office_zip(data, KIND) as zipped:
        scan_members(zipped)
    try:
        document = docx.Document(io.BytesIO(data))
        parts = sections_of(items_of(document.element.body, document))
        facts = core_facts(document)
    except ArticleError:
        raise
    except LIBRARY_ERRORS as exc:
        reason = one_line(str(exc))[:200] or type(exc).__name__
        raise ArticleError(f"this {KIND} is damaged or not a Word document ({reason})") from None
    if not parts:
        raise ArticleError("empty article (no text)")
    return assemble(parts, facts)
