"""How central an entity is to the story, from where and how the story names it.

Readers judge what a story is about from more than counts: the headline, the first paragraph,
who is the subject of the main clauses, who speaks. Each signal is scaled within the article
(1 = as much as any entity of this article), then weighed by a linear model fitted on the dev
part of a hand-annotated corpus (GUM, Wikinews and Wikipedia: how many of five human and model
summaries name each entity; `benchmarks/entity_eval.py --fit-salience`). The salience is that
model's estimate of the share of summaries naming the entity, clipped to 0-1.
"""

from __future__ import annotations

import math

# The signals, as columns of the entities table. `in_quotes` counts mentions inside direct
# quotations (quoted); `quoting` counts the quotations the entity speaks.
SIGNALS = ("in_headline", "in_first_paragraph", "as_subject", "in_quotes", "quoting", "mentions")
# Fitted on GUM's dev split (43 documents, the 1,406 named-referent rows of the package's tables)
# by least squares against summaries / 5; benchmarks/RESULTS.md has the fit's figures.
# `quoting` comes out negative: once mentions and subject position are counted, a story's sources
# (who speaks) are less often what its summaries are about than its subjects (who is spoken of).
INTERCEPT = -0.095
WEIGHTS = {"in_headline": 0.238, "in_first_paragraph": 0.176, "as_subject": 0.066, "in_quotes": 0.066,
           "quoting": -0.081, "mentions": 0.468}


def scaled(value: float, most: float) -> float:
    """A count against the article's largest, on a log scale: 0 for none, 1 for the most."""
    return math.log1p(value) / math.log1p(most) if most > 0 else 0.0


def features(row: dict, most: dict[str, float]) -> dict[str, float]:
    """The signals of one entity row, each in 0-1 (flags as 0 or 1, counts scaled)."""
    return {name: float(row[name]) if isinstance(row[name], bool) else scaled(row[name], most[name])
            for name in SIGNALS}


def salience_scores(rows: list[dict]) -> list[float]:
    """The salience of each entity row (rows hold the SIGNALS), in the rows' order."""
    most = {name: max((row[name] for row in rows), default=0) for name in SIGNALS}
    scores = []
    for row in rows:
        signal = features(row, most)
        value = INTERCEPT + sum(WEIGHTS[name] * signal[name] for name in SIGNALS)
        scores.append(round(min(1.0, max(0.0, value)), 3))
    return scores
