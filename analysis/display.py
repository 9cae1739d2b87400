"""Safe ways to put article text into notebook output: escaped Markdown, tables and highlights.

Article text is untrusted: nbconvert does not sanitise HTML by default, and Markdown passes raw
HTML through. Everything derived from the article is escaped here before it is displayed.
"""

from __future__ import annotations

import html
import numbers
import re

import numpy as np
import pandas as pd

from .studies.facts import fact_parts, is_web_address

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$])")
UNAVAILABLE_KEY = "analysis-unavailable"  # output metadata: this study has nothing to show, and why


def escape_md(text) -> str:
    """Article text made inert for Markdown: HTML-escaped, Markdown punctuation backslashed."""
    flat = " ".join(str(text).split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def facts_line(facts: dict | None) -> str:
    """The facts under the headline as escaped HTML (`studies.facts.fact_parts`): the site's index
    and the Overview show them so. The address is a link only when it is an http(s) one (never
    Markdown, whose autolinks would show the escapes). Empty when the source gave no facts."""
    facts = facts or {}
    shown = []
    for part in fact_parts(facts):
        if part == facts.get("url") and is_web_address(part):
            href = html.escape(part, quote=True)
            shown.append(f'<a href="{href}" rel="noreferrer">{html.escape(part)}</a>')
        else:
            shown.append(html.escape(part))
    return f'<p class="facts">{" · ".join(shown)}</p>' if shown else ""


def md(template: str, **values):
    """A Markdown display object; every keyword value is escaped with escape_md first.

    Numbers are formatted by the caller (e.g. f"{n:,}") and passed as strings or numbers.
    """
    from IPython.display import Markdown

    safe = {k: v if isinstance(v, int | float) else escape_md(v) for k, v in values.items()}
    return Markdown(template.format(**safe))


# Column names of the tables as a reader should see them; any other column reads with its
# underscores as spaces ("first_paragraph" -> "first paragraph", "n_words" -> "words").
READER_HEADERS = {
    "n_sentences": "sentences", "n_words": "words", "quoted_share": "quoted share",
    "aliases": "forms in the text", "in_quotes": "in quotations", "in_narration": "in narration",
    "direct_quotes": "direct quotations", "indirect": "indirect statements",
    "speaker_label": "speaker type", "speaker_gender": "speaker gender",
    "vader_compound": "VADER compound", "textblob_polarity": "TextBlob polarity",
    "textblob_subjectivity": "TextBlob subjectivity", "label": "label",
}
TEXT_CELL_CHARS = 220  # longer article text is shortened at a word boundary, with an ellipsis
NUMBER_STYLE = "text-align:right; white-space:nowrap; vertical-align:top"
TEXT_STYLE = "text-align:left; white-space:normal; vertical-align:top"
WIDE_TEXT_STYLE = TEXT_STYLE + "; min-width:18em; max-width:42em"


def reader_header(column) -> str:
    """A column name as a reader reads it: 'n_words' -> 'words', 'first_paragraph' -> 'first paragraph'."""
    name = str(column)
    return READER_HEADERS.get(name, name.removeprefix("n_").replace("_", " "))


def shorten_words(text: str, limit: int = TEXT_CELL_CHARS) -> str:
    """Text on one line, cut at the last whole word before `limit` characters (with '…'), never mid-word."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,;:") + " …"


def cell_text(value, floats: int, percent: bool) -> str:
    """One cell as text: a dash for a missing value, yes/no, thousands, rounded floats, percentages."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):.0%}" if percent else f"{float(value):,.{floats}f}"
    return shorten_words(value)


def is_text_column(values: pd.Series) -> bool:
    """A column of free text (not numbers or booleans): shown left-aligned and wrapped."""
    present = values.dropna()
    return not present.empty and all(isinstance(v, str) for v in present)


def column_style(column, values: pd.Series) -> str:
    """Inline CSS for a column: wrapped text on the left (wider for the article's own text), numbers right."""
    if not is_text_column(values):
        return NUMBER_STYLE
    return WIDE_TEXT_STYLE if str(column) == "text" else TEXT_STYLE


def table(frame: pd.DataFrame, max_rows: int = 30, floats: int = 3, headers: dict | None = None):
    """An escaped HTML table for readers: human headers, text left-aligned and wrapped, numbers right.

    Cells are HTML-escaped; `*_share` columns show as percentages, missing values as a dash, long
    text is shortened at a word boundary. `headers` renames columns beyond `READER_HEADERS`.
    """
    from IPython.display import HTML, Markdown

    if frame.empty:
        return Markdown("*Nothing to list.*")
    shown = frame.head(max_rows).reset_index(drop=True)
    names = {**READER_HEADERS, **(headers or {})}
    styles = [column_style(column, shown[column]) for column in shown.columns]
    head = "".join(f'<th style="{style}">{html.escape(names.get(str(column), reader_header(column)))}</th>'
                   for column, style in zip(shown.columns, styles))
    percent = [str(column).endswith("_share") for column in shown.columns]
    body = []
    for row in shown.itertuples(index=False):
        cells = (f'<td style="{style}">{html.escape(cell_text(value, floats, pct))}</td>'
                 for style, pct, value in zip(styles, percent, row))
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = len(frame) - len(shown)
    note = f'<p style="color:#555">… and {more:,} more rows not shown.</p>' if more > 0 else ""
    return HTML('<table class="dataframe analysis-table" style="border-collapse:collapse">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}")


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """'1 sentence', '3 sentences': a count with its noun in the right number (never 'sentence(s)')."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def unavailable(reason: str):
    """Say in the notebook why this study has nothing to show; the HTML site then leaves its pages out
    and gives the reason on the index (`site.unavailable_reason` reads the mark)."""
    from IPython.display import Markdown, display

    display(Markdown(f"**Nothing to show:** {escape_md(reason)}"), metadata={UNAVAILABLE_KEY: reason})


def highlight_entities(text: str, mentions: pd.DataFrame, start: int = 0, end: int | None = None,
                       colors: dict | None = None) -> str:
    """displaCy 'ent' markup for text[start:end] with the canonical entity labels, escaped."""
    from spacy import displacy

    end = len(text) if end is None else end
    ents = [
        {"start": int(r.start_char) - start, "end": int(r.end_char) - start,
         "label": html.escape(str(r.label))}
        for r in mentions.itertuples()
        if r.start_char >= start and r.end_char <= end
    ]
    doc = {"text": text[start:end], "ents": ents, "title": None}
    options = {"colors": colors or {}}
    return displacy.render(doc, style="ent", manual=True, jupyter=False, options=options)
