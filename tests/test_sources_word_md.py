"""The Word (.docx) and Markdown readers: sections from styles and syntax, facts from properties and
front matter, and hostile files (damaged, encrypted, zip and entity bombs) refused in one line, fast."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import time
import zipfile
from types import SimpleNamespace

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from analysis.errors import ArticleError
from analysis.sources import Facts, document_from_bytes
from analysis.sources.markdown import read_markdown
from analysis.sources.pullquote import repeats_body
from analysis.sources.word import read_docx, style_kind

DEFLATED = zipfile.ZIP_DEFLATED
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def sections(document) -> list[tuple[str, str]]:
    """The document's (section, text) pairs, after checking every block's offsets."""
    for block in document.blocks:
        assert document.text[block.start:block.end] == block.text
    return [(block.section, block.text) for block in document.blocks]


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_docx() -> docx.Document:
    """A new document whose core properties say nothing (python-docx's template names itself)."""
    document = docx.Document()
    document.core_properties.author = ""
    created = document.core_properties._element.find(qn("dcterms:created"))
    created.getparent().remove(created)
    return document


def rewritten(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """A copy of a zip with members replaced (bytes) or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
            elif replace[info.filename] is not None:
                target.writestr(info.filename, replace[info.filename])
    return out.getvalue()


def refused(data: bytes, reader=read_docx) -> str:
    """The one-line message a hostile file is refused with, within a second."""
    started = time.perf_counter()
    with pytest.raises(ArticleError) as caught:
        reader(data, "article.docx")
    assert time.perf_counter() - started < 1.0
    message = str(caught.value)
    assert "\n" not in message and message
    return message


# --- Word: sections and facts ---------------------------------------------------------------------

def test_docx_sections_from_styles_and_core_properties():
    document = blank_docx()
    document.add_paragraph("Ministers agree new flood defence plan", style="Title")
    document.add_paragraph("Coastal towns get £2bn over ten years.", style="Subtitle")
    document.add_paragraph("")
    first = document.add_paragraph("The plan was agreed on Tuesday ")
    first.add_run("after a long").add_break()
    first.add_run("night of talks.")
    document.add_paragraph("Who pays", style="Heading 2")
    document.add_paragraph("Councils pay a fifth.", style="List Bullet")
    document.add_paragraph("The Treasury pays the rest.", style="List Bullet")
    document.add_paragraph("“The plan was agreed … after a long night of talks”", style="Quote")
    document.add_paragraph("We will not be washed away.", style="Intense Quote")
    document.add_paragraph("Sandbags in Hull. Photo: J. Smith", style="Caption")
    document.add_paragraph("What next", style="Heading 1")
    table = document.add_table(rows=2, cols=3)
    for (row, col), text in {(0, 0): "Town", (0, 1): "Funding", (1, 0): "Hull", (1, 1): "£300m"}.items():
        table.cell(row, col).text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    document.add_paragraph("Work starts in May.")
    properties = document.core_properties
    properties.author, properties.title = "Ann Reporter", "Flood plan"
    properties.created = dt.datetime(2021, 3, 4, 9, 30, tzinfo=dt.UTC)

    read = read_docx(docx_bytes(document), "flood.docx")

    assert sections(read) == [
        ("headline", "Ministers agree new flood defence plan"),
        ("standfirst", "Coastal towns get £2bn over ten years."),
        ("body", "The plan was agreed on Tuesday after a long night of talks."),
        ("subheading", "Who pays"),
        ("body", "Councils pay a fifth."),
        ("body", "The Treasury pays the rest."),
        ("pullquote", "“The plan was agreed … after a long night of talks”"),
        ("body", "We will not be washed away."),
        ("caption", "Sandbags in Hull. Photo: J. Smith"),
        ("subheading", "What next"),
        ("table", "Town | Funding"),
        ("table", "Hull | £300m"),
        ("body", "Work starts in May."),
    ]
    assert read.facts == Facts(title="Flood plan", author="Ann Reporter", published="2021-03-04",
                               published_from="Word file properties (created)")


def test_docx_without_title_style_takes_the_first_paragraph_and_invents_no_facts():
    document = blank_docx()
    document.add_paragraph("   ")
    document.add_paragraph("Bank raises rates again")
    document.add_paragraph("The Bank of England raised rates to 5%.")
    data = docx_bytes(document)
    read = read_docx(data)
    assert sections(read) == [("headline", "Bank raises rates again"),
                              ("body", "The Bank of England raised rates to 5%.")]
    assert read.facts == Facts()
    # python-docx's own template: its name as author and its 2013 stamp as created are no facts.
    untouched = docx.Document()
    untouched.add_paragraph("Bank raises rates again")
    assert read_docx(docx_bytes(untouched)).facts == Facts()
    # No core properties part at all: python-docx would make one up titled "Word Document".
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        rels = etree.fromstring(zipped.read("_rels/.rels"))
    for rel in [r for r in rels if r.get("Type") == CORE_REL]:
        rels.remove(rel)
    bare = rewritten(data, {"docProps/core.xml": None, "_rels/.rels": etree.tostring(rels)})
    assert read_docx(bare).facts == Facts()
    assert sections(read_docx(bare)) == sections(read)


def test_docx_custom_and_localised_styles_fall_back_to_built_in_names_ids_and_outline_levels():
    document = blank_docx()
    styles = document.styles
    house_title = styles.add_style("House Head", WD_STYLE_TYPE.PARAGRAPH)
    house_title.base_style = styles["Title"]
    crosshead = styles.add_style("Zwischentitel", WD_STYLE_TYPE.PARAGRAPH)
    etree.SubElement(crosshead.element.get_or_add_pPr(), qn("w:outlineLvl")).set(qn("w:val"), "1")
    document.add_paragraph("Intro line", style="Heading 2")
    document.add_paragraph("Storm closes ports", style="House Head")
    document.add_paragraph("Ports shut at noon.")
    document.add_paragraph("Damage", style="Zwischentitel")
    read = read_docx(docx_bytes(document))
    assert sections(read) == [("subheading", "Intro line"), ("headline", "Storm closes ports"),
                              ("body", "Ports shut at noon."), ("subheading", "Damage")]
    # Word in German: ID `berschrift1`, built-in name stored in English; a custom name and ID with
    # nothing to go on is body text.
    element = etree.fromstring(f'<w:style xmlns:w="{W_NS}"/>')
    german = SimpleNamespace(name="Heading 1", style_id="berschrift1", element=element, base_style=None)
    assert style_kind(german) == "h1"
    assert style_kind(SimpleNamespace(name="Fliesstext", style_id="Fliesstext", element=element,
                                      base_style=None)) == "body"


def test_docx_with_no_text_is_an_empty_article():
    document = blank_docx()
    document.add_paragraph("")
    document.add_paragraph("  \t ")
    assert refused(docx_bytes(document)) == "empty article (no text)"


def test_docx_text_as_word_shows_it_tracked_deletions_left_out():
    document = blank_docx()
    document.add_paragraph("Headline")
    paragraph = document.add_paragraph("Kept ")
    deleted = etree.SubElement(paragraph._p, qn("w:del"))
    run = etree.SubElement(deleted, qn("w:r"))
    etree.SubElement(run, qn("w:delText")).text = "deleted "
    inserted = etree.SubElement(paragraph._p, qn("w:ins"))
    run = etree.SubElement(inserted, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "inserted\ttext"
    assert sections(read_docx(docx_bytes(document))) == [("headline", "Headline"),
                                                         ("body", "Kept inserted text")]


# --- Word: hostile files --------------------------------------------------------------------------

def plain_docx() -> bytes:
    document = blank_docx()
    document.add_paragraph("Headline")
    document.add_paragraph("Body.")
    return docx_bytes(document)


def with_document_xml(xml: bytes) -> bytes:
    return rewritten(plain_docx(), {"word/document.xml": xml})


BODY = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
BILLION_LAUGHS = f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{LAUGHS}]>{BODY}'
QUADRATIC = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "{"A" * 50_000}">]>'
             + BODY.replace("&lol9;", "&a;" * 50_000))


def test_truncated_docx_is_damaged():
    assert refused(plain_docx()[:-200]) == "this Word file is damaged (not a readable zip archive)"


def test_encrypted_docx_is_refused():
    assert refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000) == (
        "this Word file is encrypted or password-protected (or an old binary Office file): save an "
        "unprotected copy and try again")


def test_zip_bomb_is_refused_from_the_directory():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        with zipped.open("word/document.xml", "w") as member:
            for _ in range(40):
                member.write(b"\x00" * (1024 * 1024))
    member = zipfile.ZipFile(out).getinfo("word/document.xml")
    ratio = member.file_size / member.compress_size
    assert ratio > 1000
    found = re.fullmatch(r"this Word file has a member \(word/document\.xml\) compressed ([\d,]+) to 1: "
                         r"refused as a possible decompression bomb", refused(out.getvalue()))
    assert found and abs(int(found.group(1).replace(",", "")) - ratio) <= 1  # however archive.py rounds


def lying_about_size(data: bytes, name: str, size: int) -> bytes:
    """A zip whose central directory states `size` as the inflated size of member `name`."""
    at = -1
    while (at := data.find(b"PK\x01\x02", at + 1)) != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name.encode():
            return data[:at + 24] + struct.pack("<I", size) + data[at + 28:]
    raise AssertionError(f"no {name} in the central directory")


def test_member_lying_about_its_size_is_read_no_further_than_stated():
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as zipped:
        xml = zipped.read("word/document.xml")
    padded = with_document_xml(xml + b" " * (8 * 1024 * 1024))  # inflates 8 MB, over 200 to 1
    assert refused(padded).startswith("this Word file has a member (word/document.xml) compressed ")
    lied = lying_about_size(padded, "word/document.xml", 4000)  # passes the directory checks
    assert refused(lied) == "this Word file is damaged (word/document.xml: Bad CRC-32 for file " \
                            "'word/document.xml')"


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, QUADRATIC], ids=["billion-laughs", "quadratic"])
def test_entity_bombs_are_refused(xml):
    assert refused(with_document_xml(xml.encode())) == (
        "this Word file declares a DTD in word/document.xml: refused (Word never writes one; XML entity "
        "expansion needs one)")
    assert refused(with_document_xml(xml.encode("utf-16"))) == (
        "this Word file declares a DTD in word/document.xml: refused (Word never writes one; XML entity "
        "expansion needs one)")


def test_python_docx_parser_expands_no_entities_on_its_own():
    """What the DTD scan backs up: python-docx's parser (resolve_entities=False) stops a billion
    laughs itself, so a DTD the scan missed would still fail as a damaged file, not fill memory."""
    from docx.oxml.parser import parse_xml

    started = time.perf_counter()
    with pytest.raises(etree.XMLSyntaxError):
        parse_xml(BILLION_LAUGHS.encode())
    assert time.perf_counter() - started < 1.0


def test_xml_in_an_encoding_the_scan_cannot_read_is_refused():
    xml = BILLION_LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-32"').encode("utf-32-le")
    assert refused(with_document_xml(xml)) == ("this Word file has a part (word/document.xml) that is "
                                               "not UTF-8 or UTF-16 XML: refused")


def test_dtd_in_a_member_python_docx_never_parses_is_left_alone():
    """An SVG image may carry a DOCTYPE; python-docx keeps images as bytes, so the scan skips them."""
    data = plain_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        types = zipped.read("[Content_Types].xml").replace(
            b"<Default ", b'<Default Extension="svg" ContentType="image/svg+xml"/><Default ', 1)
    svg = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>')
    with_svg = rewritten(data, {"[Content_Types].xml": types})
    with zipfile.ZipFile(io.BytesIO(with_svg), "a") as zipped:
        zipped.writestr("word/media/image9.svg", svg)
    assert sections(read_docx(with_svg)) == [("headline", "Headline"), ("body", "Body.")]


def test_malformed_or_foreign_docx_is_damaged_in_one_line():
    broken = refused(with_document_xml(b"<w:document><w:body>"))
    assert broken.startswith("this Word file is damaged or not a Word document (")
    assert refused(rewritten(plain_docx(), {"[Content_Types].xml": None})) == (
        "this Word file has no [Content_Types].xml: not a Word or Excel file")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        zipped.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/'
                        'package/2006/content-types"/>')
        zipped.writestr("notes.txt", "hello")
    assert refused(out.getvalue()).startswith("this Word file is damaged or not a Word document (")


# --- Markdown ---------------------------------------------------------------------------------------

def md(source: str):
    return read_markdown(source.encode("utf-8"), "article.md")


def test_markdown_headline_front_matter_and_sections():
    read = md("""---
title: "Flood plan agreed"
date: 2021-03-04T09:30:00Z
author: Ann Reporter
source: The Daily Example  # the paper
url: https://example.com/flood
tags:
  - floods
  - policy
---
# Ministers agree *new* flood plan

The plan was agreed on Tuesday.

## Who pays

- Councils pay a fifth.
- The Treasury pays
  the rest.

| Town | Funding |
|------|---------|
| Hull | £300m   |
| York |         |

Photo below.

![Sandbags in *Hull*](hull.jpg "Sandbags")
""")
    assert sections(read) == [
        ("headline", "Ministers agree new flood plan"), ("body", "The plan was agreed on Tuesday."),
        ("subheading", "Who pays"), ("body", "Councils pay a fifth."),
        ("body", "The Treasury pays the rest."),
        ("table", "Town | Funding"), ("table", "Hull | £300m"), ("table", "York"),
        ("body", "Photo below."), ("caption", "Sandbags in Hull"),
    ]
    assert read.facts == Facts(title="Flood plan agreed", outlet="The Daily Example", published="2021-03-04",
                               published_from="Markdown front matter", author="Ann Reporter",
                               url="https://example.com/flood")


def test_markdown_unreadable_date_gives_no_date():
    source = "---\r\ndate: sometime in spring\r\npublisher: 'Example Post'\r\n---\r\n\r\nText.\r\n"
    read = read_markdown(source.encode("utf-16"), "article.md")  # with a BOM, Windows line ends
    assert read.facts == Facts(outlet="Example Post")
    assert sections(read) == [("body", "Text.")]


def test_markdown_inline_markup_is_not_text():
    read = md("Setext headline\n===\n\n"
              "A **bold** and _em_ claim, `x = 1` in code, a [link](https://a.example/x \"t\") and "
              "<https://b.example/y> <javascript:void(0)>; <b>tagged</b> &amp; &copy; escaped \\*stars\\*, "
              "an image ![chart](c.png) gone.  \nHard break\\\nand a<br>tag break.\n")
    assert sections(read) == [
        ("headline", "Setext headline"),
        ("body", "A bold and em claim, x = 1 in code, a link and https://b.example/y javascript:void(0); "
                 "tagged & © escaped "
                 "*stars*, an image gone. Hard break and a tag break."),
    ]


def test_markdown_code_and_raw_html_blocks_are_dropped():
    read = md("# Title\n\nBefore.\n\n```python\nprint('code')\n```\n\n    indented code\n\n"
              "<div class=\"ad\">\nAdvert\n</div>\n\n---\n\nAfter.\n")
    assert sections(read) == [("headline", "Title"), ("body", "Before."), ("body", "After.")]


def test_markdown_without_h1_has_no_headline_unless_front_matter_titles_it():
    assert sections(md("First paragraph.\n\n## Section\n\nSecond.\n")) == [
        ("body", "First paragraph."), ("subheading", "Section"), ("body", "Second.")]
    assert sections(md("---\ntitle: Given title\n---\nFirst paragraph.\n")) == [
        ("headline", "Given title"), ("body", "First paragraph.")]
    # A rule at the top followed by prose is not front matter.
    assert sections(md("---\nJust prose here.\n---\n\nMore.\n")) == [
        ("subheading", "Just prose here."), ("body", "More.")]


def test_markdown_blockquote_is_a_pull_quote_only_when_it_repeats_the_body():
    read = md("# Storm\n\nThe mayor said the town would rebuild every house it lost.\n\n"
              "> “The town would rebuild … every house”\n\n"
              "> Rivers rose faster than anyone here had seen.\n")
    assert sections(read) == [
        ("headline", "Storm"), ("body", "The mayor said the town would rebuild every house it lost."),
        ("pullquote", "“The town would rebuild … every house”"),
        ("body", "Rivers rose faster than anyone here had seen."),
    ]
    assert not repeats_body("the town", ["the town would rebuild"])  # too short to say


def test_markdown_hostile_html_ends_up_as_nothing_or_inert_text():
    read = md("---\nurl: javascript:alert(1)\n---\n# Head\n\n<script>alert('block')</script>\n\n"
              "Click [here](javascript:alert(1)) or <a href=\"javascript:alert(2)\">there</a>"
              "<script>alert('inline')</script><img src=x onerror=alert(3)>.\n\n"
              "<iframe src=\"https://evil.example\"></iframe>\n")
    assert sections(read) == [("headline", "Head"), ("body", "Click here or there.")]
    assert read.facts.url is None


def test_readers_are_picked_by_suffix():
    assert sections(document_from_bytes(b"# Hi\n\nThere.\n", "a.markdown")) == [
        ("headline", "Hi"), ("body", "There.")]
    assert sections(document_from_bytes(plain_docx(), "a.docx")) == [
        ("headline", "Headline"), ("body", "Body.")]
