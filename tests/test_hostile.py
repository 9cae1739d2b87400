"""Hostile inputs through the package and the command line: correct tables or a one-line error.

Every case runs twice: `analyze(path, use_cache=False)` and `python -m analysis PATH --out DIR`.
A good case must give meaningful, exact tables (and the command line must write the same tables
as CSV); a bad case must raise a one-line ArticleError, and the command line must print exactly
one `error:` line, exit non-zero and leave no output folder (not even a temporary one) behind.
Also here: curly-quote invariance on the bundled article, and byte-identical outputs across runs.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile_inputs as h
import pandas as pd
import pytest

from analysis import TABLE_NAMES, analyze, paths
from analysis.errors import ArticleError

ROOT = paths.PROJ_ROOT
QUOTE_COLUMNS = ["kind", "text", "speaker", "speaker_label", "cue"]
ENTITY_COLUMNS = ["entity", "label", "mentions", "aliases"]


@dataclass
class Case:
    """One hostile input: how to make it, and what must come out (tables or an error)."""

    id: str
    make: Callable[[Path], Path]
    error: str | None = None  # the ArticleError message must contain this
    warning: str | None = None  # a logged warning must contain this
    check: Callable | None = None  # check(analysis, reference) for good inputs


def file_of(data: bytes | str | Callable[[], bytes | str], name: str = "article.txt"):
    """A maker that writes `data` (bytes, text, or a builder of either) to tmp/name."""

    def make(tmp: Path) -> Path:
        value = data() if callable(data) else data
        path = tmp / name
        if isinstance(value, str):
            path.write_text(value, encoding="utf-8")
        else:
            path.write_bytes(value)
        return path

    return make


def a_directory(tmp: Path) -> Path:
    (tmp / "folder.txt").mkdir()
    return tmp / "folder.txt"


def missing(tmp: Path) -> Path:
    return tmp / "does-not-exist.txt"


_reference: dict[str, object] = {}
_package_results: dict[str, tuple[bytes, object]] = {}  # case id -> (input bytes, analysis)


def reference(text: str):
    """An analysis of `text` written as plain UTF-8 (memoised per text for the module)."""
    if text not in _reference:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "article.txt"
            path.write_text(text, encoding="utf-8")
            _reference[text] = analyze(path, use_cache=False)
    return _reference[text]


def assert_same_tables(result, expected, names=TABLE_NAMES):
    for name in names:
        pd.testing.assert_frame_equal(result.tables[name], expected.tables[name], check_exact=True,
                                      obj=name)


def quotes_of(result, straighten: bool = False) -> list[tuple]:
    rows = result.quotes[QUOTE_COLUMNS].itertuples(index=False, name=None)
    return [tuple(h.straight_quotes(v) if straighten and isinstance(v, str) else v for v in row)
            for row in rows]


def entities_of(result) -> list[tuple]:
    return list(result.entities[ENTITY_COLUMNS].itertuples(index=False, name=None))


# --- checks for the good cases ------------------------------------------------------------------

def check_headline_only(result, _):
    assert result.headline == "Just a headline"
    assert result.paragraphs[["section", "n_words"]].values.tolist() == [["headline", 3]]
    assert result.sentences["text"].tolist() == ["Just a headline"]
    assert result.quotes.empty and result.mentions.empty and result.entities.empty


def check_invalid_utf8(result, _):
    base = reference(h.curly_quotes(h.BASE))
    assert "\ufffd" in result.paragraphs["text"][1]
    assert "\ufffd" not in "".join(result.quotes["text"])
    assert quotes_of(result) == quotes_of(base)
    assert entities_of(result) == entities_of(base)


def check_identical_to_base(result, _):
    """UTF-16 and CRLF decode to exactly the LF UTF-8 text: every table, offsets included."""
    assert_same_tables(result, reference(h.BASE))


def check_cp1252(result, _):
    """Windows-1252 smart quotes read exactly as the same curly text saved as UTF-8."""
    assert_same_tables(result, reference(h.curly_quotes(h.BASE)))
    assert quotes_of(result, straighten=True) == quotes_of(reference(h.BASE))


def check_mixed_marks(result, _):
    assert quotes_of(result, straighten=True) == quotes_of(reference(h.BASE))
    assert entities_of(result) == entities_of(reference(h.BASE))


def check_base(result, _):
    assert quotes_of(result) == [
        ("direct", "This is a good day for the harbour and for the people who work on it,",
         "Anna Lindqvist", "PERSON", "told"),
        ("direct", "We listened to the fishermen, and we changed the plan,", "Anna Lindqvist",
         "PERSON", "said"),
        ("indirect", "the plan would cost far too much", "Tom Baker", "PERSON", "said"),
        ("direct", "It isn't the plan the council promised,", "Tom Baker", "PERSON", "said"),
    ]
    assert set(result.entities["entity"]) == {"Anna Lindqvist", "Tom Baker",
                                              "Northern Ports Authority", "Oslo"}


def check_no_quotes(result, _):
    assert "direct" not in set(result.quotes["kind"])
    assert result.quotes[["kind", "speaker"]].values.tolist() == [
        ["indirect", "Anna Lindqvist"], ["indirect", "Tom Baker"]]
    assert not result.sentences["in_quote"].any()
    assert result.paragraphs["quoted_words"].sum() == 0


def check_odd_marks(result, _):
    direct = result.quotes[result.quotes["kind"] == "direct"]
    assert direct[["text", "speaker"]].values.tolist()[:2] == [
        ["This is a good day for the harbour,", "Anna Lindqvist"],
        ["We changed the plan,", "Anna Lindqvist"],
    ]
    text = h.ODD_QUOTES
    for row in result.quotes.itertuples():  # every quotation is a real span of the article
        assert text[row.start_char:row.end_char].strip().strip('"') != ""


def check_markup(result, _):
    cells = [v for table in result.tables.values() for column in table.columns
             for v in table[column] if isinstance(v, str)]
    assert cells, "tables hold text"
    for marker in ("<", ">", "onerror", "src=", "href="):  # "javascript:..." stays, as plain text
        assert not any(marker in v for v in cells), marker
    assert quotes_of(result)[1][:3] == (
        "direct", "We lost $5 million in March, 10% of the fund, and $3 million in April,",
        "Anna Lindqvist")
    # tags are blanked in place: offsets still point at the same words in the raw file
    for row in result.quotes.itertuples():
        raw = re.sub(r"<[^>]*>", " ", h.HOSTILE_MARKUP[row.start_char:row.end_char])
        assert " ".join(raw.split()) == " ".join(row.text.split())


def check_money(result, _):
    assert result.headline == "Harbour fund loses $5 million as $3 million grant is delayed"
    assert quotes_of(result)[0] == (
        "direct", "We lost $5 million in March, 10% of the fund, and another $3 million in April,",
        "Anna Lindqvist", "PERSON", "told")
    assert result.sentences["text"].str.contains("$3 million", regex=False).sum() == 3
    assert {"Anna Lindqvist", "Northern Ports Authority", "Oslo"} <= set(result.entities["entity"])


def check_german(result, _):
    assert len(result.paragraphs) == 3 and len(result.sentences) >= 3
    assert result.sentences["text"].str.startswith("Der Stadtrat").any()
    assert result.readability.shape[0] > 0


def check_long_sentence(result, _):
    assert result.paragraphs["n_words"].tolist() == [3, 5000]
    assert result.sentences["n_words"].max() == 5000  # kept as one sentence, not cut or dropped
    assert result.sentences["n_words"].sum() == 5003


def big_case(result, _):
    body = h.seed_text().split("\n", 2)[2].strip("\n")
    copies = h.big_article().count(body)
    per_copy = reference(h.seed_text())
    assert len(result.paragraphs) == 1 + copies * (len(per_copy.paragraphs) - 1)
    assert result.sentences["end_char"].max() > 1_000_000  # past spaCy's max_length, not cut
    direct = result.quotes[result.quotes["kind"] == "direct"]
    seed_direct = per_copy.quotes[per_copy.quotes["kind"] == "direct"]
    assert len(direct) == copies * len(seed_direct)
    assert set(direct["speaker"].dropna()) == set(seed_direct["speaker"].dropna())


GOOD = [
    Case("headline-only", file_of("Just a headline\n"), check=check_headline_only),
    Case("plain-utf8", file_of(h.BASE), check=check_base),
    Case("invalid-utf8-in-middle", file_of(h.invalid_utf8_middle), warning="invalid UTF-8",
         check=check_invalid_utf8),
    Case("cp1252-smart-quotes", file_of(h.cp1252_smart), warning="Windows-1252",
         check=check_cp1252),
    Case("utf16-bom", file_of(h.utf16_bom), check=check_identical_to_base),
    Case("crlf", file_of(h.crlf), check=check_identical_to_base),
    Case("5000-word-sentence", file_of(h.long_sentence), check=check_long_sentence),
    Case("no-quotation-marks", file_of(h.NO_QUOTES), check=check_no_quotes),
    Case("odd-quotation-marks", file_of(h.ODD_QUOTES), check=check_odd_marks),
    Case("curly-and-straight-mixed", file_of(lambda: h.mixed_quotes(h.BASE)),
         check=check_mixed_marks),
    Case("html-and-script", file_of(h.HOSTILE_MARKUP), warning="HTML markup",
         check=check_markup),
    Case("dollar-amounts", file_of(h.MONEY), check=check_money),
    Case("non-english", file_of(h.GERMAN), warning="does not look like English",
         check=check_german),
]
BIG = Case("2mb-article", file_of(h.big_article), check=big_case)
BAD = [
    Case("empty", file_of(b""), error="empty article"),
    Case("whitespace-only", file_of(b" \n\t\r\n  \n"), error="empty article"),
    Case("binary", file_of(h.binary), error="binary file"),
    Case("missing-path", missing, error="no such file"),
    Case("directory", a_directory, error="is a directory"),
]
ALL = [pytest.param(c, id=c.id) for c in GOOD + BAD]
ALL.append(pytest.param(BIG, id=BIG.id, marks=pytest.mark.slow))


def run_cli(*args, timeout=600) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("case", ALL)
def test_package(case: Case, tmp_path, caplog):
    path = case.make(tmp_path)
    with caplog.at_level(logging.WARNING, logger="analysis"):
        if case.error:
            with pytest.raises(ArticleError, match=case.error) as caught:
                analyze(path, use_cache=False)
            assert "\n" not in str(caught.value)
            return
        result = analyze(path, use_cache=False)
    _package_results[case.id] = (path.read_bytes(), result)
    if case.warning:
        assert case.warning in caplog.text
    assert set(result.tables) == set(TABLE_NAMES)
    case.check(result, None)


@pytest.mark.parametrize("case", ALL)
def test_command_line(case: Case, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    path = case.make(source)
    out = tmp_path / "out"
    done = run_cli(path, "--out", out)
    assert "Traceback" not in done.stderr
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "in")
    if case.error:
        assert done.returncode != 0
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
        assert case.error in lines[0]
        assert done.stdout == ""
        assert leftovers == []  # no out folder, no temporary sibling
        return
    assert done.returncode == 0, done.stderr
    assert leftovers == ["out"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)
    warnings = done.stderr.splitlines()
    assert all(line.startswith("warning: ") for line in warnings), done.stderr
    if case.warning:
        assert any(case.warning in line for line in warnings), done.stderr
    # the command line writes the package's tables (reuse test_package's run of the same bytes)
    data, expected = _package_results.get(case.id, (None, None))
    if data != path.read_bytes():
        expected = analyze(path, use_cache=False)
    for name in TABLE_NAMES:
        buffer = io.StringIO()
        expected.tables[name].to_csv(buffer, index=False, lineterminator="\n")
        assert (out / f"{name}.csv").read_text(encoding="utf-8") == buffer.getvalue(), name


def test_failed_run_keeps_an_existing_out_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "quotes.csv").write_text("kept\n", encoding="utf-8")
    done = run_cli(tmp_path / "missing.txt", "--out", out)
    assert done.returncode != 0 and done.stderr.startswith("error: no such file")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert (out / "quotes.csv").read_text(encoding="utf-8") == "kept\n"


def test_unclosed_quotation_keeps_its_paragraphs_speaker(tmp_path):
    result = analyze(file_of(h.ODD_QUOTES)(tmp_path), use_cache=False)
    last = result.quotes[result.quotes["paragraph"] == result.paragraphs["paragraph"].max()]
    assert set(last["speaker"]) == {"Tom Baker"}


# --- the escaping layer: article text never reaches a page as markup ------------------------------

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
ESCAPED_SCRIPT = "&lt;script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror="


def assert_inert(output: str):
    assert "<script" not in output and "<img" not in output
    assert ESCAPED_SCRIPT in output and ESCAPED_IMG in output


def test_escape_md_and_md_escape_markup():
    from analysis.display import escape_md, md

    assert_inert(escape_md(f"{SCRIPT} said {IMG}"))
    assert escape_md("$5 million ... $3 million") == r"\$5 million \.\.\. \$3 million"
    assert_inert(md("**Quote:** {quote} ({n:,} words)", quote=f"{SCRIPT} {IMG}", n=1200).data)


def test_table_escapes_cells_and_headers():
    from analysis.display import table

    frame = pd.DataFrame({"text": [SCRIPT, IMG], f"speaker {SCRIPT}": ["Kirby", IMG]})
    assert_inert(table(frame).data)


def test_highlight_entities_escapes_the_text():
    from analysis.display import highlight_entities

    text = f"Kirby {SCRIPT} said {IMG} in Moscow."
    where = text.index("Moscow")
    mentions = pd.DataFrame([{"start_char": 0, "end_char": 5, "label": "PERSON"},
                             {"start_char": where, "end_char": where + 6, "label": "GPE"}])
    output = highlight_entities(text, mentions)
    assert_inert(output)
    assert output.count("<mark") == 2


def test_highlight_entities_escapes_labels():
    from analysis.display import highlight_entities

    mentions = pd.DataFrame([{"start_char": 0, "end_char": 5, "label": "<b onmouseover=x>ORG"}])
    output = highlight_entities("Kirby spoke.", mentions)
    assert "<b onmouseover" not in output and "&lt;b onmouseover=x&gt;ORG" in output


def test_index_page_escapes_titles_summaries_links_and_source():
    from analysis.site import Study, index_page

    study = Study(Path(f'01-{SCRIPT}".ipynb'), SCRIPT, IMG, None)
    left_out = Study(Path("07-Corpus.ipynb"), "Corpus", "", f"no corpus {IMG}")
    page = index_page([study, left_out], f"Headline {SCRIPT}", f"seeds/{SCRIPT}.txt")
    assert_inert(page)
    assert '&quot;.report.html"' in page and '&quot;.html"' in page
    assert page.count("<script") == 0 and page.count("<li>") == 2
    assert "left out: no corpus" in page


# --- "$5 million ... $3 million" in a chart ------------------------------------------------------

def test_dollar_title_is_not_mathtext(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.style import apply_style, save_figure

    with matplotlib.rc_context({"text.parse_math": True}):  # the hazard is real...
        fig, ax = plt.subplots()
        ax.set_title(h.MONEY_TITLE)
        with pytest.raises(ValueError):
            fig.savefig(tmp_path / "raw.png")
        plt.close(fig)
    with matplotlib.rc_context():  # ...and the collection's style defuses it
        apply_style()
        fig, ax = plt.subplots()
        ax.set_title(h.MONEY_TITLE)
        ax.barh(["Lost $5 million ... $3 million"], [5])
        assert not ax.title.get_parse_math()
        written = save_figure(fig, "money", tmp_path)
        plt.close(fig)
    assert [p.name for p in written] == ["money.png", "money.svg"]
    assert all(p.stat().st_size > 1000 for p in written)


# --- curly quotation marks change nothing ---------------------------------------------------------

@pytest.fixture(scope="module")
def curly_seed(tmp_path_factory):
    """The bundled article rewritten with “ ” ‘ ’, its overrides file beside it, analysed."""
    text = h.seed_text()
    curly = h.curly_quotes(text)
    assert h.straight_quotes(curly) == text
    assert '"' not in curly and "'" not in curly
    folder = tmp_path_factory.mktemp("curly")
    path = folder / h.SEED.name
    path.write_text(curly, encoding="utf-8")
    shutil.copy(h.SEED_OVERRIDES, folder / h.SEED_OVERRIDES.name)
    return analyze(path, use_cache=False)


def test_curly_rewrite_keeps_quotations_speakers_and_sentiment(curly_seed, seed):
    assert quotes_of(curly_seed, straighten=True) == quotes_of(seed)
    for column in ("paragraph", "last_paragraph", "start_char", "end_char", "attribution"):
        assert curly_seed.quotes[column].tolist() == seed.quotes[column].tolist(), column
    sentences = curly_seed.sentences
    assert (sentences["text"].map(h.straight_quotes) == seed.sentences["text"]).all()
    assert sentences["speaker"].tolist() == seed.sentences["speaker"].tolist()
    for column in ("vader_compound", "textblob_polarity"):
        assert (sentences[column] - seed.sentences[column]).abs().max() <= 1e-9, column


def test_curly_rewrite_keeps_entities(curly_seed, seed):
    assert entities_of(curly_seed) == entities_of(seed)
    columns = ["entity", "label", "paragraph", "sentence", "start_char", "end_char", "in_quote"]
    pd.testing.assert_frame_equal(curly_seed.mentions[columns], seed.mentions[columns])


def test_curly_rewrite_keeps_readability(curly_seed, seed):
    pd.testing.assert_frame_equal(curly_seed.readability, seed.readability)


# --- determinism -----------------------------------------------------------------------------------

def test_command_line_tables_are_byte_identical_across_runs(tmp_path):
    runs = []
    for name in ("A", "B"):
        done = run_cli(h.SEED, "--out", tmp_path / name, "--no-cache")
        assert done.returncode == 0, done.stderr
        runs.append({p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())})
    assert sorted(runs[0]) == sorted(f"{n}.csv" for n in TABLE_NAMES)
    for name in runs[0]:
        assert runs[0][name] == runs[1][name], name


FIGURE_SCRIPT = textwrap.dedent("""
    import sys
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from analysis.style import add_source, apply_style, save_figure
    apply_style()
    fig, ax = plt.subplots()
    ax.barh(["Kirby", "Putin", "Pentagon"], [8, 5, 3])
    ax.plot([0, 4, 8], [0, 1, 2], label="trend")
    ax.legend()
    ax.set_title(sys.argv[2])
    add_source(fig, "seeds/000_87a923203847aeeb.txt", "spaCy en_core_web_sm")
    save_figure(fig, "figure", sys.argv[1])
""")


def test_figures_are_byte_identical_across_processes(tmp_path):
    outputs = []
    for name in ("A", "B"):
        done = subprocess.run([sys.executable, "-c", FIGURE_SCRIPT, str(tmp_path / name),
                               h.MONEY_TITLE], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "MPLBACKEND": "Agg"}, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert sorted(outputs[0]) == ["figure.png", "figure.svg"]
    assert outputs[0]["figure.png"].startswith(b"\x89PNG")
    assert b"<svg" in outputs[0]["figure.svg"]
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name


def test_table_reads_as_finished_work():
    """Human headers, percentages, dashes for missing values, text cut only between words."""
    from analysis.display import reader_header, shorten_words, table

    frame = pd.DataFrame({"n_words": [1200, 3], "quoted_share": [0.25, None], "in_quote": [True, False],
                          "text": ["word " * 80, "short"]})
    page = re.sub(r' style="[^"]*"', "", table(frame).data)
    assert "<th>words</th><th>quoted share</th><th>in quote</th><th>text</th>" in page
    assert "<td>1,200</td><td>25%</td><td>yes</td>" in page and "<td>3</td><td>—</td><td>no</td>" in page
    assert "word word …</td>" in page and "wor …" not in page
    assert reader_header("first_paragraph") == "first paragraph"
    assert shorten_words("alpha beta gamma", 12) == "alpha beta …"
    assert "Nothing to list" in table(frame.iloc[0:0]).data


def test_count_noun_puts_the_noun_in_number():
    from analysis.display import count_noun

    assert [count_noun(1, "speaker"), count_noun(2, "speaker"), count_noun(1200, "entity", "entities")] == [
        "1 speaker", "2 speakers", "1,200 entities"]
