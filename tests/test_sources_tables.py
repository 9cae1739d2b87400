"""Tables of articles (.csv, .tsv, .jsonl, .parquet, .xlsx) into records and Documents, and facts from a
metadata file beside a folder of articles: columns, encodings, bad rows, hostile files, dates, ids."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import struct
import time
import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.errors import ArticleError
from analysis.sources import read as read_module
from analysis.sources import sidecar, xlsx
from analysis.sources.document import Facts
from analysis.sources.record import document_from_record, document_from_text, read_row, unread_date
from analysis.sources.tablebase import table_columns
from analysis.sources.tables import Record, iter_records, parse_columns_option, record_id

BODY = "The council approved the budget on Tuesday.\n\nIt takes effect in April, officials said."
SECOND = "A second story about the harbour.\n\nIt has two paragraphs."


def records(path, columns=None) -> list[Record]:
    return list(iter_records(path, columns))


def refusal(function, *args) -> tuple[str, float]:
    """The one-line message of the ArticleError `function(*args)` raises, and the seconds it took."""
    start = time.perf_counter()
    with pytest.raises(ArticleError) as caught:
        function(*args)
    seconds = time.perf_counter() - start
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message
    return message, seconds


def read_all(path):
    return [document_from_record(r, path.name) for r in iter_records(path)]


def assert_offsets(document):
    for block in document.blocks:
        assert document.text[block.start:block.end] == block.text


# ------------------------------------------------------------------------------------------- columns


def test_columns_are_found_by_their_usual_names_in_any_case():
    names = ["Story_ID", "Headline", "BODY", "Publish_Date", "media_name", "Byline", "Link", "extra"]
    assert table_columns(names) == {"text": "BODY", "title": "Headline", "date": "Publish_Date",
                                    "outlet": "media_name", "author": "Byline", "url": "Link",
                                    "id": "Story_ID"}


def test_the_first_usual_name_wins_when_several_are_present():
    assert table_columns(["content", "text", "body"]) == {"text": "text"}


def test_columns_option_overrides_and_takes_the_column_from_other_fields():
    overrides = parse_columns_option(" text = Body , DATE=day")
    assert overrides == {"text": "Body", "date": "day"}
    # `text` would be the text column by name; named for nothing, it is left alone, and `title`,
    # named as the text, is not also the title.
    assert table_columns(["text", "body", "day", "title"], {"text": "title", "date": "day"}) == {
        "text": "title", "date": "day"}
    assert table_columns(["body", "day"], overrides) == {"text": "body", "date": "day"}  # any case


@pytest.mark.parametrize(("value", "expected"), [
    ("text", "--columns takes FIELD=COLUMN pairs separated by commas (text=body,date=day), not 'text'"),
    ("text=body,,date=day", "--columns takes FIELD=COLUMN pairs separated by commas (text=body,date=day), "
                            "not 'text=body,,date=day'"),
    ("colour=red", "--columns: unknown field 'colour'; the fields are text, title, date, outlet, author, "
                   "url, id"),
    ("text=a,text=b", "--columns names the text column twice"),
])
def test_columns_option_refuses_a_bad_value_in_one_line(value, expected):
    message, _ = refusal(parse_columns_option, value)
    assert message == expected


def test_columns_option_naming_a_missing_column_lists_the_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("body,day\nSome text.,2020-01-01\n", encoding="utf-8")
    message, _ = refusal(iter_records, path, {"text": "story"})
    assert message == "--columns text=story: t.csv has no column 'story'; its columns are: body, day"
    assert records(path, "text=body,date=DAY")[0].values == {"text": "Some text.", "date": "2020-01-01"}


def test_a_table_with_no_text_column_is_refused_listing_its_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,headline,day\n1,A,2020-01-01\n", encoding="utf-8")
    message, _ = refusal(iter_records, path)
    assert message == ("t.csv has no text column (text, body, content, article, full_text, story; or name "
                       "one with --columns text=NAME); its columns are: id, headline, day")


# ---------------------------------------------------------------------------------- CSV and TSV


def test_csv_in_windows_1252_is_decoded(tmp_path, caplog):
    path = tmp_path / "t.csv"
    path.write_bytes('title,text\nCafé’s “menu”,"“It isn’t over,” he said – at €5."\n'.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="analysis.sources"):
        [record] = records(path)
    assert record.values == {"text": "“It isn’t over,” he said – at €5.", "title": "Café’s “menu”"}
    assert "t.csv is not UTF-8: read as Windows-1252" in caplog.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_csv_in_utf16_with_or_without_a_bom_and_utf8_with_a_bom(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes("text,title\n“Zürich” wins.,Ünïcode\n".encode(encoding))
    [record] = records(path)
    assert record.values == {"text": "“Zürich” wins.", "title": "Ünïcode"}
    assert record.columns == {"text": "text", "title": "title"}


def test_semicolon_separator_and_quoted_newlines_inside_the_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'id;title;text\r\n7;Budget passed;"First paragraph; with a semicolon.\r\n\r\n'
                     b'Second paragraph, ""quoted""."\r\n8;Other;"One line."\r\n')
    first, second = records(path)
    assert first.row == 1 and second.row == 2
    assert first.values == {"text": 'First paragraph; with a semicolon.\r\n\r\nSecond paragraph, "quoted".',
                            "title": "Budget passed", "id": "7"}
    document = document_from_record(first, path.name)
    assert document.text == ('Budget passed\n\nFirst paragraph; with a semicolon.\n\n'
                             'Second paragraph, "quoted".')
    assert [(b.section, b.text) for b in document.blocks] == [
        ("headline", "Budget passed"), ("body", "First paragraph; with a semicolon."),
        ("body", 'Second paragraph, "quoted".')]
    assert_offsets(document)


def test_tsv_keeps_a_text_opening_with_a_quote_mark(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text('title\ttext\n"Yes" is the answer\t"No," she said, "never."\n', encoding="utf-8")
    [record] = records(path)
    assert record.values == {"text": '"No," she said, "never."', "title": '"Yes" is the answer'}


def test_a_csv_row_with_more_fields_than_the_header_is_a_bad_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("title,text\nA,Fine text.\nB,Broken, unquoted, text.\nC,Fine again.\n", encoding="utf-8")
    good, bad, again = records(path)
    assert (bad.row, bad.values, bad.reason) == (
        2, None, "4 fields where the header has 2 (a separator inside an unquoted value?)")
    assert good.values["text"] == "Fine text." and again.values["text"] == "Fine again."
    message, _ = refusal(document_from_record, bad, "t.csv")
    assert message == "t.csv row 2: 4 fields where the header has 2 (a separator inside an unquoted value?)"


def test_binary_data_named_csv_is_refused_in_one_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 50)
    message, _ = refusal(iter_records, path)
    assert message == "t.csv is binary data, not a text table (a zip archive: an .xlsx or .docx renamed?)"


# ---------------------------------------------------------------------------------------- bad rows


def test_an_empty_row_is_an_error_row_and_trailing_empty_rows_are_dropped(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("title,text,notes\nA,First text.,x\n,,\nB,   ,y\nC,Last text.,\n,,\n , ,\n",
                    encoding="utf-8")
    found = records(path)
    assert [(r.row, r.reason) for r in found] == [(1, None), (2, "empty row"), (3, None), (4, None)]
    assert refusal(document_from_record, found[1], "t.csv")[0] == "t.csv row 2: empty row"
    assert refusal(document_from_record, found[2], "t.csv")[0] == "t.csv row 3: empty text"
    assert refusal(document_from_record, found[2], "")[0] == "row 3: empty text"


@pytest.mark.parametrize(("value", "reason"), [
    (42, "the text is a number, not an article"),
    (3.5, "the text is a number, not an article"),
    ("1,234.5", "the text is a number, not an article"),
    (True, "the text is a boolean (true), not an article"),
    ({"body": "nested"}, "the text is a JSON object, not an article"),
    ('{"body": "a JSON object in a string"}', "the text is a JSON object, not an article"),
    (["a", "b"], "the text is a list, not an article"),
    (None, "empty text"),
    ("  \n\t ", "empty text"),
    ("\x00\x01\x02\x03\x04\x05", "the text is binary data (many control characters), not an article"),
])
def test_text_that_is_no_article_is_refused_in_one_line(tmp_path, value, reason):
    path = tmp_path / "t.jsonl"
    lines = [{"text": "A real story.", "title": "T"}, {"text": value, "title": "T"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    good, bad = records(path)
    assert document_from_record(good, path.name).text == "T\n\nA real story."
    message, _ = refusal(document_from_record, bad, path.name)
    assert message == f"t.jsonl row 2: {reason}"


def test_binary_text_in_parquet_is_refused(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"text": pa.array([b"\x00\x01bytes"], pa.binary())}), path)
    [record] = records(path)
    assert refusal(document_from_record, record, path.name)[0] == (
        "t.parquet row 1: the text is binary data, not an article")


def test_a_jsonl_line_that_is_not_a_json_object_is_a_bad_row(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "a", "text": "First story."}\n'
                    '{"id": "b", "text": "unterminated\n'
                    '\n'
                    '[1, 2]\n'
                    '{"ID": "c", "TEXT": "Keys in another case."}\n', encoding="utf-8")
    found = records(path)
    assert [(r.row, r.values, r.reason) for r in found] == [
        (1, {"text": "First story.", "id": "a"}, None),
        (2, None, "not valid JSON (Unterminated string starting at at character 21)"),
        (4, None, "not a JSON object (a list)"),
        (5, {"text": "Keys in another case.", "id": "c"}, None),
    ]
    assert [record_id(r) for r in found] == ["a", "2", "4", "c"]
    message, _ = refusal(document_from_record, found[2], "t.jsonl")
    assert message == "t.jsonl row 4: not a JSON object (a list)"


def test_a_jsonl_file_with_no_json_object_is_refused(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text("text,title\nA story.,A title\n", encoding="utf-8")  # a CSV file named .jsonl
    message, _ = refusal(iter_records, path)
    assert message == ("t.jsonl is not JSON Lines: no line is a JSON object "
                       "(line 1: not valid JSON (Expecting value at character 1))")


def test_duplicate_texts_are_still_two_records(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f'text\n"{BODY}"\n"{BODY}"\n', encoding="utf-8")
    first, second = read_all(path)
    assert first.text == second.text == BODY
    assert (first.facts.source_row, second.facts.source_row) == (1, 2)
    assert [record_id(r) for r in records(path)] == ["1", "2"]


# ---------------------------------------------------------------------------------------- Parquet


def test_parquet_reads_only_the_columns_it_needs(tmp_path, monkeypatch):
    path = tmp_path / "t.parquet"
    table = pa.table({
        "stories_id": pa.array([101, 102], pa.int64()),
        "headline": ["First", "Second"],
        "body": [BODY, SECOND],
        "publish_date": pa.array([dt.date(2015, 11, 11), None], pa.date32()),
        "embedding": pa.array([[0.1] * 4, [0.2] * 4], pa.list_(pa.float32())),
        "raw_html": ["<html>…</html>", "<html>…</html>"],
    })
    pq.write_table(table, path)
    asked = []
    original = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        asked.append(kwargs.get("columns"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    first, second = records(path)
    assert asked == [["body", "headline", "publish_date", "stories_id"]]
    assert first.values == {"text": BODY, "title": "First", "date": dt.date(2015, 11, 11), "id": 101}
    assert [record_id(r) for r in (first, second)] == ["101", "102"]
    document = document_from_record(first, path.name)
    assert document.facts == Facts(title="First", published="2015-11-11",
                                   published_from="column 'publish_date'", source_row=1)
    assert [(b.section, b.text) for b in document.blocks] == [
        ("headline", "First"), ("body", "The council approved the budget on Tuesday."),
        ("body", "It takes effect in April, officials said.")]


def test_a_damaged_parquet_file_is_refused_in_one_line(tmp_path):
    good = io.BytesIO()
    pq.write_table(pa.table({"text": [BODY] * 50}), good)
    path = tmp_path / "t.parquet"
    path.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    message, seconds = refusal(iter_records, path)
    assert message.startswith("t.parquet cannot be read as Parquet: ") and seconds < 1


# ------------------------------------------------------------------------------------------- XLSX


def workbook_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """An .xlsx's bytes with some members' contents replaced (and some added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def test_xlsx_rows_are_read_from_the_first_sheet(tmp_path):
    data = workbook_bytes([["ID", "Title", "Text", "Date", "Source"],
                           [7, "First", BODY, dt.datetime(2015, 11, 11, 9, 30), "Reuters"],
                           [8.0, None, SECOND, "11/25/2015", None]])
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    first, second = records(path)
    assert first.values == {"text": BODY, "title": "First", "date": dt.datetime(2015, 11, 11, 9, 30),
                            "outlet": "Reuters", "id": 7}
    assert [record_id(r) for r in (first, second)] == ["7", "8"]
    documents = read_all(path)
    assert documents[0].facts == Facts(title="First", outlet="Reuters", published="2015-11-11",
                                       published_from="column 'Date'", source_row=1)
    assert documents[1].facts == Facts(published="2015-11-25", published_from="column 'Date'", source_row=2)
    assert [b.section for b in documents[1].blocks] == ["body", "body"]  # no title: no headline


def test_xlsx_trailing_empty_rows_are_dropped(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["text"])
    sheet.append([BODY])
    sheet["A40"].number_format = "0.00"  # a formatted empty cell far below the data
    sheet["A40"].value = None
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert [r.row for r in records(path)] == [1]


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]>\n")


def declared_size(data: bytes, member: str, size: int) -> bytes:
    """An archive whose central directory declares `size` inflated bytes for one member."""
    data = bytearray(data)
    at = data.find(b"PK\x01\x02" + b"", 0)
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, at + 24, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def excel_bytes(strings: list[str], prolog: bytes = XML_HEAD, bomb_in: str = "") -> bytes:
    """A workbook as Excel writes it: one column, every cell a shared string (row 1 the header).
    With `bomb_in`, that part declares the billion-laughs entities and one cell uses them."""
    cells = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>{i - 1}</v></c></row>'
                    for i in range(1, len(strings) + 1))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'.encode()
    shared = "".join(f"<si><t>{text}</t></si>" for text in strings)
    count = len(strings)
    shared = f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{shared}</sst>'.encode()
    if bomb_in == "sheet":
        sheet = BILLION_LAUGHS + sheet.replace(b"<sheetData>", b'<sheetData><row r="99"><c r="A99" '
                                                b't="inlineStr"><is><t>&lol9;</t></is></c></row>')
    elif bomb_in == "shared":
        shared = BILLION_LAUGHS + shared.replace(b"</sst>", b"<si><t>&lol9;</t></si></sst>")
    parts = {
        "[Content_Types].xml": (
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" '
            b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/>'
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/'
                        'officeDocument" Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": (f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><sheets><sheet name="Sheet1" '
                            'sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{OFFICE_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>').encode(),
        "xl/worksheets/sheet1.xml": (prolog if bomb_in != "sheet" else b"") + sheet,
        "xl/sharedStrings.xml": (prolog if bomb_in != "shared" else b"") + shared,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def test_xlsx_with_shared_strings_as_excel_writes_them(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(excel_bytes(["Text", "First story.", "Second story."]))
    assert [(r.row, r.values) for r in records(path)] == [(1, {"text": "First story."}),
                                                          (2, {"text": "Second story."})]


def hostile_xlsx() -> dict[str, bytes]:
    good = excel_bytes(["text", BODY])
    return {
        "encrypted": OLE_HEADER + b"\x00" * 4096,
        "not-a-zip": b"this is not a spreadsheet at all " * 100,
        "truncated": good[: len(good) // 2],
        "zip-not-a-workbook": rewritten(workbook_bytes([["x"]]), {}, {}).replace(b"xl/workbook.xml",
                                                                                   b"xl/workbook.xmX"),
        "declared-size": declared_size(good, "xl/worksheets/sheet1.xml", 0xFFFF0000),
        "ratio": rewritten(good, {}, {"xl/media/image1.bin": b"\x00" * (8 * 1024 * 1024)}),
        "entities-shared-strings": excel_bytes(["text", BODY], bomb_in="shared"),
        "entities-sheet": excel_bytes(["text", BODY], bomb_in="sheet"),
    }


HOSTILE_MESSAGES = {
    "encrypted": "t.xlsx: this xlsx is encrypted or password-protected (or an old binary Office file): "
                 "save an unprotected copy and try again",
    "not-a-zip": "t.xlsx: this xlsx is damaged (not a readable zip archive)",
    "truncated": "t.xlsx: this xlsx is damaged (not a readable zip archive)",
    "zip-not-a-workbook": "t.xlsx cannot be read as an Excel workbook: ",
    "declared-size": "t.xlsx: this xlsx would inflate to ",
    "ratio": "t.xlsx: this xlsx has a member (xl/media/image1.bin) compressed ",
    "entities-shared-strings": "t.xlsx: this xlsx declares XML entities in xl/sharedStrings.xml: refused as "
                               "a possible XML bomb",
    "entities-sheet": "t.xlsx: this xlsx declares XML entities in xl/worksheets/sheet1.xml: refused as a "
                      "possible XML bomb",
}


@pytest.mark.parametrize("kind", list(HOSTILE_MESSAGES))
def test_a_hostile_or_broken_xlsx_is_refused_in_one_line_within_a_second(tmp_path, kind):
    path = tmp_path / "t.xlsx"
    path.write_bytes(hostile_xlsx()[kind])
    message, seconds = refusal(lambda: list(iter_records(path)))
    assert message.startswith(HOSTILE_MESSAGES[kind]), message
    assert seconds < 1


@pytest.mark.parametrize("kind", ["entities-shared-strings", "entities-sheet"])
def test_an_entity_bomb_is_refused_even_past_the_prolog_check(tmp_path, monkeypatch, kind):
    # The second guard: openpyxl parses with defusedxml, which refuses entity declarations.
    monkeypatch.setattr(xlsx, "check_xml_prologs", lambda workbook: None)
    path = tmp_path / "t.xlsx"
    path.write_bytes(hostile_xlsx()[kind])
    message, seconds = refusal(lambda: [document_from_record(r) for r in iter_records(path)])
    assert message.startswith(("t.xlsx cannot be read as an Excel workbook: ",
                               "t.xlsx breaks off after row")), message
    assert seconds < 1


# ------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("value", "published"), [
    ("2015-11-11", "2015-11-11"), ("2015-11-11T10:00:00Z", "2015-11-11"), ("Nov 11, 2015", "2015-11-11"),
    ("25/11/2015", "2015-11-25"), ("20151111", "2015-11-11"),
])
def test_a_readable_date_is_published_with_its_column(tmp_path, value, published):
    path = tmp_path / "t.csv"
    path.write_text(f'text,pub_date\nA story.,"{value}"\n', encoding="utf-8")
    [document] = read_all(path)
    assert (document.facts.published, document.facts.published_from) == (published, "column 'pub_date'")


@pytest.mark.parametrize(("value", "warning"), [
    ("next week", "t.csv row 1: date 'next week' could not be read; left empty"),
    ("03/04/2015", "t.csv row 1: date '03/04/2015' is ambiguous (day or month first?); left empty"),
    ("November 2015", "t.csv row 1: date 'November 2015' could not be read; left empty"),
])
def test_an_unreadable_or_ambiguous_date_is_left_empty_with_a_warning(tmp_path, caplog, value, warning):
    path = tmp_path / "t.csv"
    path.write_text(f"text,date\nA story.,{value}\n", encoding="utf-8")
    [record] = records(path)
    with caplog.at_level(logging.WARNING, logger="analysis.sources"):
        document = document_from_record(record, path.name)
    assert (document.facts.published, document.facts.published_from) == (None, None)
    assert [(r.name, r.getMessage()) for r in caplog.records] == [("analysis.sources", warning)]
    assert unread_date(record) == value


def test_a_missing_date_is_no_warning(tmp_path, caplog):
    path = tmp_path / "t.csv"
    path.write_text("text,date\nA story.,None\nAnother.,\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="analysis.sources"):
        documents = read_all(path)
    assert [d.facts.published for d in documents] == [None, None]
    assert caplog.records == []
    assert [unread_date(r) for r in records(path)] == [None, None]


# ------------------------------------------------------------------------------------- text shape


def test_the_title_is_the_headline_and_the_body_gives_no_headline():
    titled = document_from_text("Short opening line\n\nThe council approved the budget.", "The budget")
    assert [(b.section, b.text) for b in titled.blocks] == [
        ("headline", "The budget"), ("caption", "Short opening line"),
        ("body", "The council approved the budget.")]
    untitled = document_from_text("\r\nThe council met.\r\n\r\nIt approved the budget.\r\n")
    assert untitled.text == "The council met.\n\nIt approved the budget."
    assert [(b.index, b.section, b.start, b.end) for b in untitled.blocks] == [
        (0, "body", 0, 16), (1, "body", 18, 41)]
    repeated = document_from_text("The budget\n\nThe council approved it.", "The budget")
    assert repeated.text == "The budget\n\nThe council approved it."
    assert [b.section for b in repeated.blocks] == ["headline", "body"]
    for document in (titled, untitled, repeated):
        assert_offsets(document)


def test_facts_come_from_their_columns(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"headline": "A  title\nover two lines", "body": BODY, "publisher": "BBC",
                                "authors": ["Jane Roe", "John Doe"], "link": "https://example.org/a",
                                "published": "null"}) + "\n", encoding="utf-8")
    [document] = read_all(path)
    assert document.facts == Facts(title="A title over two lines", outlet="BBC", author="Jane Roe, John Doe",
                                   url="https://example.org/a", source_row=1)
    assert document.blocks[0].text == "A title over two lines"


# --------------------------------------------------------------------------------------- read_row


def test_read_row_by_id(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f'doc_id,title,text\nx-1,First,"{BODY}"\nx-2,Second,"{SECOND}"\nx-1,Again,Repeated id.\n',
                    encoding="utf-8")
    document = read_row(path, "x-2")
    assert (document.facts.title, document.facts.source_row) == ("Second", 2)
    assert read_row(path, "x-1#3").facts.title == "Again"
    message, _ = refusal(read_row, path, "x-9")
    assert message == "no row with id x-9 in t.csv (3 rows; ids are read from column 'doc_id')"


def test_read_row_by_number_when_there_is_no_id_column(tmp_path):
    path = tmp_path / "t.tsv"
    one_line_body = BODY.replace("\n", " ")
    path.write_text(f"title\ttext\nFirst\t{one_line_body}\nSecond\tThe second.\n", encoding="utf-8")
    assert read_row(path, "2").text == "Second\n\nThe second."
    assert read_row(path, 1).facts.source_row == 1
    assert refusal(read_row, path, "3")[0] == "no row 3 in t.tsv (2 rows)"
    assert refusal(read_row, path, "abc")[0] == (
        "t.tsv has no id column (id, story_id, article_id, stories_id, doc_id): choose a row by its number "
        "(1 = the first row after the header), not 'abc'")


def test_read_document_dispatches_a_table_row(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"id": 5, "text": "Only story."}) + "\n", encoding="utf-8")
    assert read_module.read_document(path, "5").text == "Only story."
    message, _ = refusal(read_module.read_document, path, "6")
    assert message == "no row with id 6 in t.jsonl (1 row; ids are read from column 'id')"


# ---------------------------------------------------------------------------------------- sidecar


@pytest.fixture
def sidecar_folder(tmp_path):
    folder = tmp_path / "text"
    folder.mkdir()
    (folder / "a.txt").write_text("Own headline\n\nBody of a.", encoding="utf-8")
    (folder / "b.txt").write_text("B headline\n\nBody of b.", encoding="utf-8")
    (folder / "c.txt").write_text("C headline\n\nBody of c.", encoding="utf-8")
    (folder / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\tauthor\ttitle\n"
        "train\ta\tbreitbart\t2015-11-11\tVirgil\tThe Ninth Circle\n"
        "train\tb.txt\tNone\tNone\tNone\tNone\n", encoding="utf-8")
    return folder


def test_sidecar_facts_are_keyed_by_the_file_column(sidecar_folder):
    facts = sidecar.sidecar_facts(sidecar_folder)
    assert facts == {
        "a": Facts(title="The Ninth Circle", outlet="breitbart", published="2015-11-11",
                   published_from="metadata.tsv column 'publication_date'", author="Virgil"),
        "b.txt": Facts(),
    }


def test_sidecar_fills_only_what_the_document_lacks(sidecar_folder):
    plain = read_module.document_from_bytes((sidecar_folder / "a.txt").read_bytes(), "a.txt")
    filled = sidecar.with_sidecar_facts(plain, sidecar_folder / "a.txt")  # matched without extension
    assert filled.facts == Facts(title="The Ninth Circle", outlet="breitbart", published="2015-11-11",
                                 published_from="metadata.tsv column 'publication_date'", author="Virgil")
    assert filled.text == plain.text
    own = document_from_text("Body.", "Own", Facts(title="Own", author="Someone"))
    assert sidecar.with_sidecar_facts(own, sidecar_folder / "a.txt").facts == Facts(
        title="Own", outlet="breitbart", published="2015-11-11",
        published_from="metadata.tsv column 'publication_date'", author="Someone")
    b = read_module.read_document(sidecar_folder / "b.txt")  # matched with extension; "None" is empty
    assert b.facts == Facts()
    c = read_module.document_from_bytes(b"C\n\nBody.", "c.txt")
    assert sidecar.with_sidecar_facts(c, sidecar_folder / "c.txt") is c  # not listed


def test_sidecar_above_the_folder_matches_by_relative_path_and_is_reread_when_changed(tmp_path):
    (tmp_path / "business").mkdir()
    article = tmp_path / "business" / "001.txt"
    article.write_text("Headline\n\nBody.", encoding="utf-8")
    metadata = tmp_path / "metadata.csv"
    metadata.write_text("path,outlet\nbusiness/001.txt,BBC\n", encoding="utf-8")
    assert read_module.read_document(article).facts.outlet == "BBC"
    metadata.write_text("path,outlet\nbusiness/001,BBC News Online\n", encoding="utf-8")
    assert read_module.read_document(article).facts.outlet == "BBC News Online"


def test_no_sidecar_leaves_the_document_as_it_is(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody.", encoding="utf-8")
    document = read_module.document_from_bytes(article.read_bytes(), article.name)
    assert sidecar.with_sidecar_facts(document, article) is document


def test_a_sidecar_without_a_file_column_is_ignored_with_a_warning(tmp_path, caplog):
    (tmp_path / "metadata.csv").write_text("title,outlet\nA,B\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="analysis.sources"):
        assert sidecar.sidecar_facts(tmp_path) == {}
    assert "no column names the files (file, filename, file_name, name, path, id, doc_id); its columns " \
           "are: title, outlet" in caplog.text


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_large_table_is_streamed_with_memory_flat_in_its_rows(tmp_path, suffix):
    """Every row of a 60,000-row table (about 15 MB) read with a few MB of Python memory at most:
    rows are streamed, never held (benchmarks/table_bench.py measures 400,000 rows, 1 GB)."""
    import tracemalloc

    import pandas as pd

    text = "The council approved the harbour plan on Tuesday after a year of argument. " * 3
    frame = pd.DataFrame({"id": [f"s{n}" for n in range(60_000)], "title": "Harbour plan", "text": text})
    path = tmp_path / f"big{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path, index=False, row_group_size=5_000)
    del frame
    tracemalloc.start()
    try:
        rows = sum(1 for _ in iter_records(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == 60_000
    size = path.stat().st_size / 2**20
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB held while streaming a {size:.0f} MB table"
