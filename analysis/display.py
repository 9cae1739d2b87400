"""Safe ways to put article text into notebook output: escaped Markdown, tables and highlights.

Article text is untrusted: nbconvert does not sanitise HTML by default, and Markdown passes raw
HTML through. Everything derived from the article is escaped here before it is displayed.
"""

from __future__ import annotations

import html
import re

import pandas as pd

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$])")


def escape_md(text) -> str:
    """Article text made inert for Markdown: HTML-escaped, Markdown punctuation backslashed."""
    flat = " ".join(str(text).split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def md(template: str, **values):
    """A Markdown display object; every keyword value is escaped with escape_md first.

    Numbers are formatted by the caller (e.g. f"{n:,}") and passed as strings or numbers.
    """
    from IPython.display import Markdown

    safe = {k: v if isinstance(v, int | float) else escape_md(v) for k, v in values.items()}
    return Markdown(template.format(**safe))


def table(frame: pd.DataFrame, max_rows: int = 30, floats: int = 3):
    """An escaped HTML table (pandas `to_html` escapes cell text), rounded for reading."""
    from IPython.display import HTML

    shown = frame.head(max_rows).round(floats)
    return HTML(shown.to_html(index=False, escape=True, na_rep="—", border=0,
                              classes="dataframe analysis-table"))


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
