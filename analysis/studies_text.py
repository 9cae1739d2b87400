"""Small helpers for the sentiment (05) and readability (06) studies: which words drive a lexicon
score, where a sentence's negation sits, how a text's words are covered by the CMU dictionary.

Each function is pure (text or tables in, plain data out) and works on any article.
"""

from __future__ import annotations

import re
import string

import pandas as pd

from . import sentiment
from .readability import cmu_dictionary

# Conflict and force vocabulary whose everyday sense a general-purpose lexicon scores.
MILITARY_TERMS = (
    "arms", "artillery", "assault", "attack", "attacks", "barrages", "battle", "bombardment",
    "combat", "defence", "defense", "destroyed", "enemy", "fight", "fighting", "fire", "fires",
    "force", "forces", "invade", "invasion", "kill", "killed", "military", "missile", "missiles",
    "munitions", "offensive", "operation", "rocket", "rockets", "shelling", "strike", "strikes",
    "target", "troops", "war", "weapons",
)
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")


def rolling_window(n: int, target: int = 5) -> int:
    """An odd rolling-mean window no longer than the text: `target` sentences, fewer on short texts."""
    window = min(target, max(1, n))
    return window if window % 2 else max(1, window - 1)


def vader_words(text: str) -> list[tuple[str, float]]:
    """The words of `text` found in VADER's lexicon with their raw valence, in text order.

    This is the lexicon look-up only; VADER then adjusts the valences for negation, boosters
    ("very"), "but", capitals and exclamation marks before summing them into the compound.
    """
    lexicon = sentiment.vader().lexicon
    hits = []
    for token in sentiment.normalise_for_vader(text).split():
        stripped = token.strip(string.punctuation)
        word = (stripped if len(stripped) > 2 else token).lower()
        if word in lexicon:
            hits.append((word, float(lexicon[word])))
    return hits


def textblob_words(text: str) -> list[tuple[str, float]]:
    """The words or phrases TextBlob scored in `text` (with its modifiers) and their polarity."""
    from textblob import TextBlob

    blob = TextBlob(sentiment.normalise_for_vader(text))
    return [(" ".join(words), float(polarity))
            for words, polarity, _subjectivity, _ in blob.sentiment_assessments.assessments
            if polarity != 0]


def format_hits(hits: list[tuple[str, float]], limit: int = 6) -> str:
    """'war −2.9, help +1.7' for a table cell; '(none)' when no word was scored."""
    if not hits:
        return "(none)"
    shown = [f"{word} {value:+.1f}".replace("-", "−") for word, value in hits[:limit]]
    return ", ".join(shown) + (" …" if len(hits) > limit else "")


def has_negation(text: str) -> bool:
    """True when the sentence holds a negation VADER recognises ("not", "no", "never", "-n't" ...)."""
    from vaderSentiment.vaderSentiment import negated

    words = [t.strip(string.punctuation) for t in sentiment.normalise_for_vader(text).lower().split()]
    return bool(negated([w for w in words if w]))


def term_scores(texts: list[str], terms=MILITARY_TERMS) -> pd.DataFrame:
    """Which of `terms` occur in `texts`, how often, and how each engine scores the bare word.

    Columns: term, occurrences, vader_valence (raw lexicon value, NaN when absent from the
    lexicon), textblob_polarity (the word on its own). Most frequent first, ties alphabetical.
    """
    from textblob import TextBlob

    counts: dict[str, int] = {}
    wanted = set(terms)
    for text in texts:
        for word in WORD.findall(sentiment.normalise_for_vader(text).lower()):
            if word in wanted:
                counts[word] = counts.get(word, 0) + 1
    lexicon = sentiment.vader().lexicon
    rows = [{"term": term, "occurrences": n, "vader_valence": lexicon.get(term, float("nan")),
             "textblob_polarity": float(TextBlob(term).sentiment.polarity)}
            for term, n in counts.items()]
    columns = ["term", "occurrences", "vader_valence", "textblob_polarity"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["occurrences", "term"], ascending=[False, True], ignore_index=True)


def cmu_coverage(text: str) -> dict:
    """How many of the text's words the CMU dictionary knows (the rest get pyphen's estimate).

    Returns {"words", "in_dictionary", "share", "missing"} where `missing` lists the distinct
    unknown words, sorted, lower-cased.
    """
    words = [w.lower() for w in WORD.findall(sentiment.normalise_for_vader(text))]
    known = cmu_dictionary()
    missing = sorted({w for w in words if w not in known})
    found = sum(1 for w in words if w in known)
    return {"words": len(words), "in_dictionary": found,
            "share": found / len(words) if words else float("nan"), "missing": missing}


def count_noun(n: int, singular: str, plural: str | None = None) -> str:
    """'1 sentence', '3 sentences': a count with its noun in the right number."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
