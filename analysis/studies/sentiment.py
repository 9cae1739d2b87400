"""The sentiment study: sentence scores by voice, speaker, paragraph and entity; how far the two
engines agree; which lexicon words drive a score; where negation and conflict vocabulary mislead.

Means average sentence scores (each sentence counts once, whatever its length) and always carry
the number of sentences behind them.
"""

from __future__ import annotations

import re
import string

import pandas as pd

from .. import sentiment
from ..sentiment import VADER_THRESHOLD, vader_label
from .structure import body, voice

# Conflict and force vocabulary whose everyday sense a general-purpose lexicon scores.
MILITARY_TERMS = (
    "arms", "artillery", "assault", "attack", "attacks", "barrages", "battle", "bombardment",
    "combat", "defence", "defense", "destroyed", "enemy", "fight", "fighting", "fire", "fires",
    "force", "forces", "invade", "invasion", "kill", "killed", "military", "missile", "missiles",
    "munitions", "offensive", "operation", "rocket", "rockets", "shelling", "strike", "strikes",
    "target", "troops", "war", "weapons",
)
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")


def scored_sentences(article) -> pd.DataFrame:
    """Body sentences in reading order with their position (1, 2, ...), voice and VADER label."""
    sentences = body(article.sentences).reset_index(drop=True)
    return sentences.assign(position=range(1, len(sentences) + 1), voice=voice(sentences["in_quote"]),
                            label=sentences["vader_compound"].map(vader_label))


def summarise(groups) -> pd.DataFrame:
    """Mean of both engines per group, with the number of sentences behind each mean."""
    return groups.agg(
        sentences=("vader_compound", "size"),
        vader_compound=("vader_compound", "mean"),
        textblob_polarity=("textblob_polarity", "mean"),
        textblob_subjectivity=("textblob_subjectivity", "mean"),
    )


def by_paragraph(sentences: pd.DataFrame) -> pd.DataFrame:
    """Mean sentiment per paragraph, in article order."""
    return summarise(sentences.groupby("paragraph")).reset_index()


def by_voice(sentences: pd.DataFrame) -> pd.DataFrame:
    """Narration against quotation (a sentence counts as quoted when most of it is)."""
    return summarise(sentences.assign(voice=voice(sentences["in_quote"])).groupby("voice")).reset_index()


def by_speaker(sentences: pd.DataFrame) -> pd.DataFrame:
    """Mean sentiment of each speaker's quoted sentences."""
    quoted = sentences[sentences["in_quote"] & sentences["speaker"].notna()]
    return summarise(quoted.groupby("speaker")).reset_index().sort_values(
        ["sentences", "speaker"], ascending=[False, True], ignore_index=True)


def by_entity(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Mean sentiment of the sentences that mention each entity (each sentence once per entity)."""
    pairs = mentions.dropna(subset=["sentence"])[["entity", "sentence"]].drop_duplicates()
    joined = pairs.merge(sentences, on="sentence", how="inner")
    return summarise(joined.groupby("entity")).reset_index().sort_values(
        ["sentences", "entity"], ascending=[False, True], ignore_index=True)


def polarity_sign(scores: pd.Series) -> pd.Series:
    """-1, 0 or +1 per score, with VADER's neutral band (±0.05) counted as 0 for either engine."""
    return scores.where(scores.abs() >= VADER_THRESHOLD, 0).apply(lambda v: (v > 0) - (v < 0))


def engine_agreement(sentences: pd.DataFrame) -> dict:
    """How far VADER and TextBlob agree: Pearson and Spearman correlation, sign agreement.

    With fewer than three sentences, or one engine constant, the correlations are undefined: None.
    """
    vader, blob = sentences["vader_compound"], sentences["textblob_polarity"]
    if len(sentences) < 3 or vader.std() == 0 or blob.std() == 0:
        return {"pearson": None, "spearman": None, "same_sign": None, "n": len(sentences)}
    return {
        "pearson": float(vader.corr(blob)),
        "spearman": float(vader.rank().corr(blob.rank())),
        "same_sign": float((polarity_sign(vader) == polarity_sign(blob)).mean()),
        "n": len(sentences),
    }


def disagreements(sentences: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Sentences where the engines differ most (compound and polarity are both on -1..1)."""
    gap = (sentences["vader_compound"] - sentences["textblob_polarity"]).abs()
    return sentences.assign(gap=gap).sort_values(["gap", "sentence"], ascending=[False, True]).head(n)


def rolling_window(n: int, target: int = 5) -> int:
    """An odd rolling-mean window no longer than the text: `target` sentences, fewer on short texts."""
    window = min(target, max(1, n))
    return window if window % 2 else max(1, window - 1)


def rolling_mean(values: pd.Series, window: int) -> pd.Series:
    """Centred rolling mean that still gives a value at the ends of the article."""
    return values.rolling(window, center=True, min_periods=1).mean()


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


def sentence_drivers(sentences: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences for display: position, voice, both scores and the lexicon words behind them."""
    return pd.DataFrame({
        "sentence": sentences["position"], "voice": sentences["voice"],
        "vader": sentences["vader_compound"], "textblob": sentences["textblob_polarity"],
        "vader words": sentences["text"].map(lambda t: format_hits(vader_words(t))),
        "textblob words": sentences["text"].map(lambda t: format_hits(textblob_words(t))),
        "text": sentences["text"],
    })


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
