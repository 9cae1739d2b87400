"""The entities study: which of the most-mentioned entities share sentences."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from analysis.extraction import ADJECTIVE_LABEL


def cooccurrence(article, top: int = 10) -> pd.DataFrame:
    """Sentences in which each pair of the `top` most-mentioned named referents (adjectives left
    out, see `referents`) appear together."""
    names = referents(article.entities)["entity"].head(top).tolist()
    mentions = article.mentions[article.mentions["entity"].isin(names)]
    matrix = pd.DataFrame(0, index=names, columns=names, dtype=int)
    for _, group in mentions.groupby("sentence"):
        present = sorted(set(group["entity"]))
        for a, b in itertools.combinations(present, 2):
            matrix.loc[a, b] += 1
            matrix.loc[b, a] += 1
    return matrix


def strongest_pair(matrix: pd.DataFrame) -> tuple[str, str, int, int]:
    """(entity, entity, shared sentences, other pairs tying with it) for the most frequent pair;
    the first in the matrix's order wins a tie."""
    upper = np.triu(matrix.to_numpy(), 1)
    i, j = np.unravel_index(np.argmax(upper), upper.shape)
    return matrix.index[i], matrix.columns[j], int(upper[i, j]), int((upper == upper.max()).sum()) - 1


# --- referents, adjectives and salience ----------------------------------------------------------

SIGNAL_WORDS = {  # how each salience signal reads, given its value
    "in_headline": lambda v: "in the headline", "in_first_paragraph": lambda v: "in the first paragraph",
    "as_subject": lambda v: f"subject of {v} main clause{'s' * (v != 1)}",
    "in_quotes": lambda v: f"named {v}× inside quotations",
    "quoting": lambda v: f"speaks {v} quotation{'s' * (v != 1)}",
    "mentions": lambda v: f"{v} mention{'s' * (v != 1)}",
}


def referents(entities: pd.DataFrame) -> pd.DataFrame:
    """The entities that name someone or something, most mentioned first: nationality and group
    adjectives (NORP) are left to `adjectives`, since "Russian troops" names no actor."""
    return entities[entities["label"] != ADJECTIVE_LABEL].reset_index(drop=True)


def adjectives(entities: pd.DataFrame) -> pd.DataFrame:
    """The nationality and group adjectives (NORP rows), most mentioned first."""
    return entities[entities["label"] == ADJECTIVE_LABEL].reset_index(drop=True)


def by_salience(entities: pd.DataFrame) -> pd.DataFrame:
    """The named referents by salience, most central first (ties: more mentions, then name)."""
    order = referents(entities).sort_values(["salience", "mentions", "entity"],
                                            ascending=[False, False, True])
    return order.reset_index(drop=True)


def salience_reasons(row, entities: pd.DataFrame) -> str:
    """The signals that raise one entity's salience, in words, the largest share first (weight ×
    scaled signal, as `analysis.salience` computes it); signals it lacks are left out."""
    from analysis.salience import WEIGHTS, features

    rows = entities.to_dict("records")
    most = {name: max(r[name] for r in rows) for name in WEIGHTS}
    lift = {name: WEIGHTS[name] * value for name, value in features(dict(row), most).items()}
    raising = [name for name, value in sorted(lift.items(), key=lambda kv: -kv[1]) if value > 0]
    return "; ".join(SIGNAL_WORDS[name](int(row[name])) for name in raising)


def rankings(entities: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The named referents in the top `top` by frequency or by salience, with both ranks (1 = first)
    and the signals behind the salience: where the two rankings differ, and why."""
    named = referents(entities)
    frequency_rank = {e: i + 1 for i, e in enumerate(named["entity"])}
    salient = by_salience(entities)
    salience_rank = {e: i + 1 for i, e in enumerate(salient["entity"])}
    chosen = [e for e in salient["entity"] if salience_rank[e] <= top or frequency_rank[e] <= top]
    rows = named.set_index("entity").loc[chosen].reset_index()
    return pd.DataFrame({
        "entity": rows["entity"], "label": rows["label"],
        "by_salience": [salience_rank[e] for e in rows["entity"]],
        "by_mentions": [frequency_rank[e] for e in rows["entity"]],
        "salience": rows["salience"], "mentions": rows["mentions"],
        "why": [salience_reasons(r, named) for _, r in rows.iterrows()],
    })


def folded_into_countries(entities: pd.DataFrame) -> pd.DataFrame:
    """The named referents with each nationality adjective folded into its country, when the
    article names that country ("Russian" into "Russia"): `mentions` as named, `adjectives` added,
    `with_adjectives` the sum; most first. Adjectives whose country is not named stay out."""
    from analysis.studies.demonyms import country_of

    named = referents(entities)
    countries = set(named["entity"])
    added: dict[str, int] = {}
    sources: dict[str, list[str]] = {}
    for _, row in adjectives(entities).iterrows():
        country = country_of(row["entity"], countries)
        if country:
            added[country] = added.get(country, 0) + int(row["mentions"])
            sources.setdefault(country, []).append(row["entity"])
    table = named[["entity", "label", "mentions"]].assign(
        adjectives=[added.get(e, 0) for e in named["entity"]],
        folded=["; ".join(sources.get(e, [])) for e in named["entity"]])
    table["with_adjectives"] = table["mentions"] + table["adjectives"]
    return table.sort_values(["with_adjectives", "entity"], ascending=[False, True]).reset_index(drop=True)
