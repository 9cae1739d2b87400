"""The entities study: which of the most-mentioned entities share sentences."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd


def cooccurrence(article, top: int = 10) -> pd.DataFrame:
    """Sentences in which each pair of the `top` most-mentioned entities appear together."""
    names = article.entities["entity"].head(top).tolist()
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
