"""Score the package's quotations and speakers against PolNeAR brat annotations.

    .venv/bin/python benchmarks/attribution_eval.py PATH [--split dev|held-out|all] [--limit N]
                                                         [--errors N]

PATH is a PolNeAR-format folder: `text/NAME.txt` (the article) and `attributions/NAME_ANNOTATOR.ann`
(brat standoff: `T` spans Source / Cue / Content, tied by `E` lines). Each article is parsed once
with the package's own extraction (`parse_text` then `entities_and_speech`, as `analyze` does).

Matching rules (all of them):
- Annotator: when an article has several annotation files, the first in sorted file-name order.
- Content: every `Content` role of an `E` line and its numbered siblings (`Content2`, which the
  annotators use for the second half of a quotation split by its cue: `"A," said X. "B."`) are
  pieces of one attribution's content.
- Split: sha1 of the article name (file stem, UTF-8); last hex digit 0, 1 or 2 -> `held-out`
  (about 19%), anything else -> `dev`. Rules are tuned on `dev` only.
- Headline: gold attributions whose content starts on the file's first line are left out (the
  package reads quotations in the body only).
- Gold kind: a content (its pieces in text order) is `direct` when it opens with a double quotation
  mark (`"`, `“`, or the archive's two-character ``` `` ``` / `''`) at its first character or right
  before it, and closes with one at its last character or right after it (sentence punctuation may
  sit between); `mixed` when it holds such a mark elsewhere; `indirect` when it holds none.
- Span match: a package row and a gold content match when the characters they share are at least
  half of the shorter of the two (package row = its quoted segments; gold = its pieces, widened to
  the quotation marks right around them). Each package row takes its best-overlapping gold content;
  of two that share as many characters with it, the shorter (the tighter fit: a slip that files one
  quotation under two attributions, once alone and once beside an indirect clause, keeps it direct).
- Direct detection: a package `direct` row matched to a gold `direct` content is a true positive;
  one matched to a gold mixed or indirect content is a partial quotation inside reported speech,
  left out of precision (scored with indirect/mixed); one matched to nothing is a false positive.
  A gold direct content is recalled when at least one package `direct` row matches it.
- Gold source type: `none` (no Source span, or one that holds only the cue: "said", "According
  to", "said in a statement", an annotation slip), `pronoun` (the source is one personal pronoun),
  `name` (the source, cut at its first comma, parenthesis or relative " who", ends with a run of
  capitalised words not governed by a preposition: "Sen. Lindsey Graham (R-SC)", "the Pentagon"),
  else `description` ("a campaign aide", "the Clinton campaign", "a longtime adviser to Trump",
  and a source that opens with a determiner and names someone only after a preposition: "a paper
  from the left-leaning Brookings Institution", head "paper").
- Speaker right, `name`: titles (Sen., Mr., President, Justice, Capt., Admiral ...) and suffixes (Jr.)
  dropped, curly apostrophes and hyphens normalised, the last words are equal (case and possessive
  ignored) and, when both have two words or more, the first word of one is one of the other's
  words; or one of the two is a single word equal to the other's first word (a family name
  written first, "Mr. Lou" for Lou Jiwei, "Ban" for Ban Ki-moon; a first name, "Bill" for Bill
  Clinton) or to one of its inner words (the first of two family names, "Ms. Acosta" for Melba
  Acosta Febo); the gold name is read from the whole source, from its part before " of " ("Stu
  Rothenberg of the ... Report") and from each name of a joint source ("state Senate leader Phil
  Berger and House Speaker Tim Moore"); any may match.
  `pronoun`: for he/she/it/they, the referent is read from `polnear-pronoun-referents.tsv` beside
  this script: our own hand reading of every such pronoun in its context (PolNeAR has no
  coreference); the speaker is right when it matches that name by the `name` rule. A pronoun whose
  referent is no name (`-`: "a delegate", "the affidavit", a group) or cannot be told (`?`) is not
  scored. `--approximate-referents` uses the old rule instead: the `name` source of the nearest
  earlier gold attribution (by source position, sources inside a gold content left out), which is
  wrong whenever the antecedent was never a source. First- and second-person sources are not scored.
  `description`: the source's head (cut as above, its last word before a preposition, "and" or
  a postmodifier such as "familiar", "involved", "speaking"; a leading "one of" skipped: "one
  Democrat familiar with the discussion" -> democrat; a plural or possessive s dropped) appears
  in the package's speaker, or a name in apposition matches it ("the White House spokesman,
  Josh Earnest,"), or the speaker is a full name (two capitalised words or more) written in the
  source, not right after a preposition ("Former Secretary of State Madeleine Albright").
  `none`: not scored (the gold gives no speaker to compare).
- Speaker accuracy: over recalled gold direct contents whose source is a `name`, judged on the
  package row that overlaps the gold content most. Pronoun accuracy: the same over `pronoun` sources.
- End-to-end: a true-positive row counts when its own speaker is right for its gold content;
  precision over package direct rows (false positives included, partial rows and rows on gold
  contents without a source or with an unnamed pronoun referent left out), recall over gold direct
  contents that have such a source (a gold content counts when its best-overlapping row is right;
  with `--approximate-referents`, pronoun sources without an earlier named source count as wrong),
  F1 from the two.
- Indirect/mixed: package `indirect` rows against gold mixed and indirect contents with the same span
  match (a package partial direct row also recalls a gold mixed content); for matched pairs, the
  mean Jaccard of their character spans and source accuracy by the rules above.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis.entities import load_overrides
from analysis.extraction import entities_and_speech
from analysis.nlp import load_pipeline
from analysis.parsing import parse_text
from analysis.reading import read_article

HELD_OUT_DIGITS = "012"
TWO_CHAR_MARKS = ("``", "''")
ONE_CHAR_MARKS = '"“”„'
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me"}
THIRD_PERSON = {"he", "she", "they", "it"}
PREPOSITIONS = {"to", "of", "for", "at", "with", "from", "in", "on", "by", "close"}
TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov", "governor",
    "president", "vice", "secretary", "speaker", "gen", "former", "mayor", "prof", "rev", "judge",
    "the", "republican", "democratic", "democrat", "presidential", "candidate", "nominee", "gop",
    "state", "u.s.", "professor", "chairman", "chairwoman", "leader", "majority", "minority",
    "house", "senate", "justice", "capt", "lt", "sgt", "col", "adm", "cmdr", "maj", "admiral",
}
DETERMINERS = {"a", "an", "the", "one", "another", "some"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
TARGET_FIGURES = ("detection F1", "named", "pronoun", "end-to-end F1")
CONTENT_ROLE = re.compile(r"Content\d*")  # `Content2`: the part after a split quotation's cue
CUT = re.compile(r",|\(| who | which | that | —| –")


@dataclass
class GoldAttribution:
    """One gold attribution: content pieces, source span and text, and the classification."""

    content: list[tuple[int, int]]
    source: tuple[int, int] | None
    source_text: str
    cue_text: str
    kind: str = ""
    source_type: str = ""
    referent: str | None = None
    widened: list[tuple[int, int]] = field(default_factory=list)


def split_of(name: str) -> str:
    """`held-out` or `dev` by the last hex digit of the name's sha1 (the documented fixed rule)."""
    return "held-out" if hashlib.sha1(name.encode("utf-8")).hexdigest()[-1] in HELD_OUT_DIGITS else "dev"


def spans_of(field_text: str) -> list[tuple[int, int]]:
    """brat offsets "a b;c d" as [(a, b), (c, d)]."""
    return [tuple(int(x) for x in part.split()) for part in field_text.split(";")]


def read_ann(path: Path, text: str) -> list[GoldAttribution]:
    """The attributions of one brat file (lines that continue a multi-line span text are skipped)."""
    spans, texts = {}, {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or parts[0][:1] not in "TE" or not parts[0][1:].isdigit():
            continue
        if parts[0][0] == "T":
            kind, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (kind, spans_of(offsets))
            texts[parts[0]] = " ".join(text[a:b] for a, b in spans_of(offsets))
        else:
            roles: dict[str, list[str]] = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles.setdefault(role, []).append(ref)
            events.append(roles)
    found = []
    for roles in events:
        contents = [p for role, refs in roles.items() if CONTENT_ROLE.fullmatch(role)
                    for ref in refs if ref in spans for p in spans[ref][1]]
        if not contents:
            continue
        sources = [p for ref in roles.get("Source", []) if ref in spans for p in spans[ref][1]]
        source = (min(a for a, _ in sources), max(b for _, b in sources)) if sources else None
        cue = " ".join(texts[ref] for ref in roles.get("Cue", []) if ref in texts)
        found.append(GoldAttribution(sorted(contents), source,
                                     text[source[0]:source[1]] if source else "", cue))
    return found


def mark_before(text: str, pos: int) -> int:
    """Length of a double quotation mark ending at `pos` (0 when none)."""
    if text[max(0, pos - 2):pos] in TWO_CHAR_MARKS:
        return 2
    return 1 if pos > 0 and text[pos - 1] in ONE_CHAR_MARKS else 0


def mark_after(text: str, pos: int) -> int:
    """Length of a double quotation mark starting at `pos` (0 when none)."""
    if text[pos:pos + 2] in TWO_CHAR_MARKS:
        return 2
    return 1 if pos < len(text) and text[pos] in ONE_CHAR_MARKS else 0


def has_mark(text: str) -> bool:
    """True when the text holds a double quotation mark of any convention."""
    return any(ch in text for ch in ONE_CHAR_MARKS) or any(m in text for m in TWO_CHAR_MARKS)


def classify_content(text: str, pieces: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """(`direct` / `mixed` / `indirect`, the pieces widened to the marks right around them)."""
    start, end = pieces[0][0], pieces[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    opens = mark_after(text, start) or mark_before(text, start)
    tail = end
    while tail > start and text[tail - 1] in ".,?!;:":
        tail -= 1
    closes = (mark_before(text, end) or mark_after(text, end) or mark_before(text, tail)
              or mark_after(text, tail))
    widened = [(a - mark_before(text, a), b + mark_after(text, b)) for a, b in pieces]
    inside = " ".join(text[a:b] for a, b in pieces)
    if opens and closes:
        return "direct", widened
    return ("mixed" if has_mark(inside) else "indirect"), widened


def cut_source(source: str) -> str:
    """The source up to its first comma, parenthesis or relative clause (appositions and tags go)."""
    return CUT.split(" " + source + " ")[0].strip()


def name_words(name: str) -> list[str]:
    """Lower-cased words of a name: curly apostrophes and hyphens normalised, possessives,
    leading titles and trailing suffixes dropped."""
    name = name.replace("’", "'").replace("-", " ").replace("\xa0", " ")
    words = [re.sub(r"'s?$", "", w).strip(".,;:\"'“”") for w in name.split()]
    words = [w for w in words if w]
    while words and words[0].lower().rstrip(".") in TITLE_WORDS and len(words) > 1:
        words = words[1:]
    while words and words[-1].lower().rstrip(".") in SUFFIXES and len(words) > 1:
        words = words[:-1]
    return [w.lower() for w in words]


CUE_WORDS = {"said", "says", "asked", "told", "wrote", "added", "according"}
QUANTIFIERS = {"one", "two", "some", "many", "several", "most", "each", "both", "all", "none"}
POSTMODIFIERS = PREPOSITIONS | {"and", "familiar", "involved", "speaking", "named", "known", "wearing",
                                "calling", "who", "working", "based"}


def is_cue_only(source: str) -> bool:
    """A Source span that holds only the cue ("said", "According to", "said in a statement"): an
    annotation slip with no speaker in it."""
    words = source.split()
    return bool(words) and words[0].lower() in CUE_WORDS and not any(
        ch.isupper() for ch in " ".join(words[1:]))


def description_head(words: list[str]) -> str:
    """The head noun of a description: the last word before its first preposition or postmodifier
    ("one Democrat familiar with the discussion": democrat; "a strategist for one of these
    candidates": strategist), a leading "one of" skipped ("one of those advisers": advisers)."""
    words = [w.lower().strip(".,").rstrip("'’s") for w in words]  # "advisers", "campaign's"
    if len(words) > 2 and words[0] in QUANTIFIERS and words[1] == "of":
        words = words[2:]
    cut = next((i for i, w in enumerate(words) if i > 0 and w in POSTMODIFIERS), len(words))
    return words[cut - 1] if words else ""


def source_type(source: str | None) -> tuple[str, str]:
    """(`none` / `pronoun` / `name` / `description`, the head name or head word)."""
    if not source or is_cue_only(source.strip()):
        return "none", ""
    if source.strip().lower() in PRONOUNS:
        return "pronoun", source.strip().lower()
    cut = cut_source(source)
    words = cut.split()
    run = []
    for word in reversed(words):
        if word[:1].isupper():
            run.insert(0, word)
        else:
            break
    before_run = words[-len(run) - 1].lower() if run and len(words) > len(run) else ""
    if before_run in PREPOSITIONS:  # "a longtime adviser to Trump": the adviser speaks
        return "description", description_head(words[: -len(run) - 1])
    preposition = next((i for i, w in enumerate(words[: len(words) - len(run)])
                        if w.lower() in PREPOSITIONS), None)
    if run and preposition and words[0].lower() in DETERMINERS:
        # "a paper from the left-leaning Brookings Institution": the paper speaks
        return "description", description_head(words)
    if run and not (len(run) == 1 and run[0].lower() in ("the", "a", "an")):
        return "name", " ".join(run)
    return "description", description_head(words)


def same_name(gold: str, speaker: str | None) -> bool:
    """The name rule: last words equal and, when both have two or more words, the speaker's first
    word is one of the gold name's words ("John Bolton" for "UN Ambassador John Bolton"); or one
    name is a single word and the other's first word (a family name written first, "Ban" for
    Ban Ki-moon, "Mr. Lou" for Lou Jiwei; a first name, "Bill" for Bill Clinton) or an inner word
    (the first of two family names, "Ms. Acosta" for Melba Acosta Febo)."""
    if not speaker:
        return False
    g, s = name_words(gold), name_words(speaker)
    if not g or not s:
        return False
    if g[-1] != s[-1]:
        one, other = (g, s) if len(g) == 1 else (s, g)
        return len(one) == 1 and (one[0] == other[0] or one[0] in other[1:-1])
    return len(g) < 2 or len(s) < 2 or s[0] in g or g[0] in s


def speaker_right(gold: GoldAttribution, speaker: str | None) -> bool | None:
    """Is the package's speaker right for this gold attribution (None: not scorable)?"""
    kind = gold.source_type
    if kind == "name":
        parts = [gold.source_text.split(" of ")[0]] + cut_source(gold.source_text).split(" and ")
        return same_name(source_type(gold.source_text)[1], speaker) or any(
            source_type(part)[0] == "name" and same_name(source_type(part)[1], speaker)
            for part in parts)
    if kind == "pronoun":
        return None if gold.referent is None else same_name(gold.referent, speaker)
    if kind == "description":
        head = source_type(gold.source_text)[1]
        named_parts = [source_type(part) for part in gold.source_text.split(",")[1:]]
        return bool(speaker) and (head in speaker.lower() or any(
            t == "name" and same_name(name, speaker) for t, name in named_parts)
            or names_the_source(gold.source_text, speaker))
    return None


UNSCORED = ("none", "unnamed")  # sources with no name to score a speaker against
REFERENTS = Path(__file__).with_name("polnear-pronoun-referents.tsv")


def read_referents(path: Path) -> dict[tuple[str, int, int], str]:
    """Hand-read pronoun referents: (article, source start, source end) -> name, `-` or `?`."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, start, end, referent = line.split("\t")
        found[(name, int(start), int(end))] = referent
    return found


def names_the_source(source: str, speaker: str) -> bool:
    """A description that itself holds the speaker's full name, not after a preposition:
    "Former Secretary of State Madeleine Albright", "Jeffrey Lewis of the James Martin Center"
    (but not "a longtime adviser to Donald Trump")."""
    words = speaker.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words) or speaker not in source:
        return False
    before = source[: source.index(speaker)].split()
    return not before or before[-1].lower() not in PREPOSITIONS


def attach_referents(golds: list[GoldAttribution], name: str = "",
                     referents: dict | None = None) -> None:
    """Each third-person pronoun source's referent: the hand-read one when `referents` holds it
    (None when that is `-` or `?`), else the nearest earlier named source (by source position)
    that lies outside every gold content (a source quoted inside a quotation is no referent)."""
    if referents is not None:
        for g in golds:
            if g.source_type == "pronoun" and g.source_text.strip().lower() in THIRD_PERSON:
                found = referents.get((name, g.source[0], g.source[1]))
                g.referent = None if found in (None, "-", "?") else found
                if found in ("-", "?"):
                    g.source_type = "unnamed"  # no name to compare with: left out like `none`
        return
    contents = [(a, b) for g in golds for a, b in g.content]
    named = sorted((g.source[0], source_type(g.source_text)[1]) for g in golds
                   if g.source and g.source_type == "name"
                   and not any(a <= g.source[0] < b for a, b in contents))
    for g in golds:
        if g.source_type == "pronoun" and g.source_text.strip().lower() in THIRD_PERSON:
            earlier = [name for pos, name in named if pos < g.source[0]]
            g.referent = earlier[-1] if earlier else None


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters shared by two lists of spans."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(spans: list[tuple[int, int]]) -> int:
    """Characters covered by a list of spans."""
    return sum(e - s for s, e in spans)


def matches(row_spans, gold_spans) -> int:
    """Shared characters when they reach half the shorter side, else 0."""
    shared = overlap(row_spans, gold_spans)
    return shared if shared * 2 >= min(length(row_spans), length(gold_spans)) and shared else 0


@dataclass
class Tally:
    """Counts for every metric, summed over articles."""

    counts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def add(self, key: str, value: int | float = 1) -> None:
        """Add to one counter."""
        self.counts[key] = self.counts.get(key, 0) + value

    def get(self, key: str) -> float:
        """One counter (0 when never added to)."""
        return self.counts.get(key, 0)


def score_article(name: str, text: str, golds: list[GoldAttribution], rows: list[dict],
                  tally: Tally, referents: dict | None = None) -> None:
    """Match one article's package rows to its gold attributions and add to the tally."""
    first_line_end = text.find("\n") if "\n" in text else len(text)
    golds = [g for g in golds if g.content[0][0] >= first_line_end]
    for g in golds:
        g.kind, g.widened = classify_content(text, g.content)
        g.source_type = source_type(g.source_text)[0]
    attach_referents(golds, name, referents)
    direct_gold = [g for g in golds if g.kind == "direct"]
    other_gold = [g for g in golds if g.kind != "direct"]
    tally.add("gold_direct", len(direct_gold))
    tally.add("gold_other", len(other_gold))
    best_rows: dict[int, tuple[int, dict]] = {}
    other_found: set[int] = set()
    for row in rows:
        spans = [tuple(s) for s in row["segments"]]
        scored = [(matches(spans, g.widened), -length(g.widened), i) for i, g in enumerate(golds)]
        shared, _, i = max(scored, default=(0, 0, -1))
        gold = golds[i] if shared else None
        if row["kind"] == "direct":
            if gold is None:
                tally.add("sys_direct_fp")
                tally.errors.append(("false direct", name, row["text"][:90], row["speaker"], ""))
            elif gold.kind == "direct":
                tally.add("sys_direct_tp")
                right = speaker_right(gold, row["speaker"])
                if gold.source_type not in UNSCORED:
                    tally.add("sys_direct_e2e_scored")
                    tally.add("sys_direct_e2e_right", int(bool(right)))
                key = id(gold)
                if key not in best_rows or shared > best_rows[key][0]:
                    best_rows[key] = (shared, row)
            else:
                tally.add("sys_direct_partial")
                if gold.kind == "mixed":
                    other_found.add(id(gold))
        elif row["kind"] == "indirect":
            tally.add("sys_indirect")
            if gold is not None and gold.kind != "direct":
                tally.add("sys_indirect_tp")
                other_found.add(id(gold))
                g_span = (gold.content[0][0], gold.content[-1][1])
                r_span = (row["start_char"], row["end_char"])
                inter = max(0, min(g_span[1], r_span[1]) - max(g_span[0], r_span[0]))
                union = max(g_span[1], r_span[1]) - min(g_span[0], r_span[0])
                tally.add("indirect_jaccard", inter / union if union else 0)
                right = speaker_right(gold, row["speaker"])
                if right is not None:
                    tally.add("indirect_source_scored")
                    tally.add("indirect_source_right", int(right))
    tally.add("gold_other_found", len(other_found))
    for g in direct_gold:
        if id(g) not in best_rows:
            tally.add(f"missed_{g.source_type}")
            tally.errors.append(("missed direct", name, text[g.content[0][0]:g.content[0][1]][:90],
                                 "", g.source_text))
            continue
        tally.add("gold_direct_found")
        row = best_rows[id(g)][1]
        right = speaker_right(g, row["speaker"])
        tally.add(f"found_{g.source_type}")
        if right is not None:
            tally.add(f"scored_{g.source_type}")
            tally.add(f"right_{g.source_type}", int(right))
        if right is not None or g.source_type not in UNSCORED:
            tally.add("gold_direct_e2e_scored")
            tally.add("gold_direct_e2e_right", int(bool(right)))
        if right is False:
            wanted = g.referent if g.source_type == "pronoun" else g.source_text
            tally.errors.append((f"wrong speaker ({g.source_type})", name, row["text"][:90],
                                 row["speaker"], wanted))


def ratio(a: float, b: float) -> float:
    """a / b, 0 when b is 0."""
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall."""
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(t) -> dict[str, float]:
    """The ratios of the report from a counter lookup (`Tally.get`, or a lookup of resampled sums)."""
    det_p = ratio(t("sys_direct_tp"), t("sys_direct_tp") + t("sys_direct_fp"))
    det_r = ratio(t("gold_direct_found"), t("gold_direct"))
    e2e_p = ratio(t("sys_direct_e2e_right"), t("sys_direct_e2e_scored") + t("sys_direct_fp"))
    e2e_r = ratio(t("gold_direct_e2e_right"), t("gold_direct_e2e_scored") + t("missed_name")
                  + t("missed_pronoun") + t("missed_description"))
    return {"detection P": det_p, "detection R": det_r, "detection F1": f1(det_p, det_r),
            "named": ratio(t("right_name"), t("scored_name")),
            "pronoun": ratio(t("right_pronoun"), t("scored_pronoun")),
            "end-to-end P": e2e_p, "end-to-end R": e2e_r, "end-to-end F1": f1(e2e_p, e2e_r),
            "indirect P": ratio(t("sys_indirect_tp"), t("sys_indirect")),
            "indirect R": ratio(t("gold_other_found"), t("gold_other"))}


def report(tally: Tally, articles: int, seconds: float) -> list[tuple[str, str]]:
    """The figures, as (label, value) lines."""
    t, fig = tally.get, figures(tally.get)
    return [
        ("articles", f"{articles}"),
        ("gold direct quotations", f"{t('gold_direct'):.0f}"),
        ("direct detection P / R / F1",
         f"{fig['detection P']:.3f} / {fig['detection R']:.3f} / {fig['detection F1']:.3f}  "
         f"(partial rows left out: {t('sys_direct_partial'):.0f})"),
        ("speaker accuracy, named gold source",
         f"{fig['named']:.3f}  ({t('right_name'):.0f}/{t('scored_name'):.0f})"),
        ("speaker accuracy, pronoun gold source",
         f"{fig['pronoun']:.3f}  ({t('right_pronoun'):.0f}/{t('scored_pronoun'):.0f})"),
        ("speaker accuracy, description gold source",
         f"{ratio(t('right_description'), t('scored_description')):.3f}  "
         f"({t('right_description'):.0f}/{t('scored_description'):.0f})"),
        ("found direct with no gold source (not scored)", f"{t('found_none'):.0f}"),
        ("found direct, pronoun with no named referent (not scored)", f"{t('found_unnamed'):.0f}"),
        ("end-to-end P / R / F1",
         f"{fig['end-to-end P']:.3f} / {fig['end-to-end R']:.3f} / {fig['end-to-end F1']:.3f}"),
        ("indirect+mixed P / R / F1 (span)",
         f"{fig['indirect P']:.3f} / {fig['indirect R']:.3f} / "
         f"{f1(fig['indirect P'], fig['indirect R']):.3f}  "
         f"(gold {t('gold_other'):.0f}, package rows {t('sys_indirect'):.0f})"),
        ("indirect matched: mean span Jaccard",
         f"{ratio(t('indirect_jaccard'), t('sys_indirect_tp')):.3f}"),
        ("indirect matched: source accuracy",
         f"{ratio(t('indirect_source_right'), t('indirect_source_scored')):.3f}  "
         f"({t('indirect_source_right'):.0f}/{t('indirect_source_scored'):.0f})"),
        ("seconds", f"{seconds:.0f}"),
    ]


def bootstrap_intervals(tallies: list[Tally], rounds: int, seed: int = 0) -> dict[str, tuple[float, float]]:
    """95% intervals of the target figures, resampling whole articles (one article's quotations
    share a style and a parser's mistakes, so they are not independent draws)."""
    import numpy as np

    keys = sorted({key for tally in tallies for key in tally.counts})
    counts = np.array([[tally.get(key) for key in keys] for tally in tallies], dtype=float)
    rng = np.random.default_rng(seed)
    draws: dict[str, list[float]] = {name: [] for name in TARGET_FIGURES}
    for _ in range(rounds):
        sums = defaultdict(float, zip(keys, counts[rng.integers(0, len(tallies), len(tallies))].sum(axis=0)))
        fig = figures(sums.__getitem__)
        for name in TARGET_FIGURES:
            draws[name].append(fig[name])
    return {name: (float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5)))
            for name, values in draws.items()}


def publisher_table(tallies: dict[str, Tally]) -> list[str]:
    """One line per publisher (the article name's first part): articles and the target figures."""
    lines = [f"{'publisher':14} {'articles':>8} {'gold':>5} " + " ".join(f"{n:>14}" for n in TARGET_FIGURES)]
    by_publisher: dict[str, list[Tally]] = {}
    for name, tally in tallies.items():
        by_publisher.setdefault(name.split("_")[0], []).append(tally)
    for publisher, group in sorted(by_publisher.items()):
        total = merged(group)
        fig = figures(total.get)
        lines.append(f"{publisher:14} {len(group):8} {total.get('gold_direct'):5.0f} "
                     + " ".join(f"{fig[n]:14.3f}" for n in TARGET_FIGURES))
    return lines


def merged(tallies: list[Tally]) -> Tally:
    """One tally holding the counts and errors of all."""
    total = Tally()
    for tally in tallies:
        for key, value in tally.counts.items():
            total.add(key, value)
        total.errors.extend(tally.errors)
    return total


def article_names(folder: Path, split: str, limit: int | None, prefix: str = "") -> list[str]:
    """Article names of the chosen split (and name prefix), sorted, at most `limit`."""
    names = sorted(p.stem for p in (folder / "text").glob(f"{prefix}*.txt"))
    if split != "all":
        names = [n for n in names if split_of(n) == split]
    return names[:limit] if limit else names


def annotation_file(folder: Path, name: str) -> Path | None:
    """The first annotation file of an article in sorted order (None when it has none)."""
    files = sorted(p for p in (folder / "attributions").glob(f"{name}_*.ann")
                   if p.stem.rsplit("_", 1)[0] == name)
    return files[0] if files else None


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures (and, on request, examples of each error)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", choices=["dev", "held-out", "all"], default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=1, help="every K-th article only (quick runs)")
    parser.add_argument("--only", default="", help="only articles whose name starts with this (a publisher)")
    parser.add_argument("--errors", type=int, default=0, help="print up to N examples of each error")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="N",
                        help="95%% intervals of the target figures from N resamples of the articles")
    parser.add_argument("--by-publisher", action="store_true", help="the target figures per publisher")
    parser.add_argument("--approximate-referents", action="store_true",
                        help="pronoun referents by the nearest earlier named source, not the hand-read file")
    args = parser.parse_args(argv)
    if not (args.path / "text").is_dir() or not (args.path / "attributions").is_dir():
        print(f"error: {args.path} has no text/ and attributions/ folders (PolNeAR format)",
              file=sys.stderr)
        return 2
    nlp = load_pipeline()
    overrides = load_overrides(None)
    referents = None if args.approximate_referents else read_referents(REFERENTS)
    tallies: dict[str, Tally] = {}
    started = time.time()
    for name in article_names(args.path, args.split, args.limit, args.only)[:: args.sample]:
        ann = annotation_file(args.path, name)
        if ann is None:
            continue
        text = read_article(args.path / "text" / f"{name}.txt")
        raw = (args.path / "text" / f"{name}.txt").read_text(encoding="utf-8")
        if len(text) != len(raw):  # markup is blanked in place, so offsets still agree
            print(f"warning: {name}: decoded text differs in length, skipped", file=sys.stderr)
            continue
        _, _, _, rows = entities_and_speech(parse_text(text, nlp), overrides)
        tallies[name] = Tally()
        score_article(name, text, read_ann(ann, text), rows, tallies[name], referents)
    tally = merged(list(tallies.values()))
    print(f"split: {args.split} (sha1 of the name, last hex digit in {HELD_OUT_DIGITS} = held-out)")
    for label, value in report(tally, len(tallies), time.time() - started):
        print(f"{label:45} {value}")
    if args.bootstrap:
        print(f"\n95% intervals ({args.bootstrap} resamples of whole articles, seed 0):")
        for name, (low, high) in bootstrap_intervals(list(tallies.values()), args.bootstrap).items():
            print(f"  {name:15} {low:.3f} to {high:.3f}")
    if args.by_publisher:
        print()
        print("\n".join(publisher_table(tallies)))
    if args.errors:
        by_kind: dict[str, list] = {}
        for err in tally.errors:
            by_kind.setdefault(err[0], []).append(err[1:])
        for kind, items in sorted(by_kind.items()):
            print(f"\n== {kind}: {len(items)}")
            for name, quote, got, wanted in items[: args.errors]:
                print(f"  {name[:40]} | {quote!r} | got {got!r} | gold {wanted!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
