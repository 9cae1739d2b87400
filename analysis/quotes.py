"""Direct quotations, scare quotes and indirect speech, each attributed to a canonical speaker.

The conventions handled, following news style guides and the SFU Gender Gap Tracker:
- a quotation runs over several paragraphs by opening each one and closing only the last;
- `"...," Kirby said.` (cue after) and `Kirby told reporters: "..."` (cue before);
- `"...," Kirby said. "..."`: the second quotation continues the same speaker;
- `he said` resolves to the most recent named speaker that fits (he/she: a person);
- a quoted term under four words with no attribution is a scare quote, not a statement;
- `..., Kirby noted.` or `the Department of Defense said ...` is indirect speech.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .parsing import token_key
from .text import SpanSet, word_count

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
QUOTE_MARKS = OPENING + CLOSING + STRAIGHT
SCARE_MAX_WORDS = 4
CUE_WINDOW_TOKENS = 10
SPEECH_VERBS = frozenset({
    "say", "tell", "note", "write", "add", "ask", "warn", "state", "claim", "explain",
    "announce", "insist", "argue", "declare", "report", "suggest", "acknowledge", "admit",
    "reply", "respond", "comment", "confirm", "deny", "remark", "recall", "stress", "predict",
    "concede", "complain", "assert", "testify", "tweet", "caution", "contend", "maintain",
    "observe", "reiterate", "vow", "promise", "urge",
})
SPEAKER_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": None, "it": None,
                    "i": None, "we": None}
CLAUSE_END = {".", "!", "?", ";"}


@dataclass
class Segment:
    """The inside of one pair of quotation marks within one paragraph (offsets into the text)."""

    paragraph: int
    start: int
    end: int
    closed: bool
    chain: int = -1


@dataclass
class Quotation:
    """A direct quotation (one or more segments across consecutive paragraphs) and its attribution."""

    segments: list[Segment]
    text: str
    kind: str = "direct"
    speaker: str | None = None
    cue: str | None = None
    attribution: str = "none"
    cue_pos: int = -1
    raw_speaker: object = None
    extras: dict = field(default_factory=dict)


def mark_role(text: str, pos: int) -> str:
    """'open', 'close' or 'either' for the quotation mark at `pos`."""
    ch = text[pos]
    if ch in OPENING:
        return "open"
    if ch in CLOSING:
        return "close"
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if (before.isspace() or before in "([{—–-") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return "close"
    return "either"


def find_segments(text: str, paragraphs: list) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph, carrying an open quotation across paragraphs.

    An unbalanced mark never raises: a quotation left open runs to its paragraph's end, and
    continues into the next paragraph only if that paragraph opens with a quotation mark.
    """
    segments: list[Segment] = []
    chain = -1
    carried = False
    for para in paragraphs:
        marks = [i for i in range(para.start, para.end) if text[i] in QUOTE_MARKS]
        open_at = None
        if carried and marks and text[para.start : marks[0]].strip() == "" and mark_role(
            text, marks[0]
        ) != "close":
            open_at = marks.pop(0) + 1
        elif carried:
            carried = False
        for pos in marks:
            role = mark_role(text, pos)
            if open_at is None:
                if role == "close":
                    continue  # a stray closing mark with nothing open
                open_at = pos + 1
                chain += 1
                continue
            segments.append(Segment(para.index, open_at, pos, True, chain))
            open_at = None
        if open_at is not None:
            segments.append(Segment(para.index, open_at, para.end, False, chain))
            carried = True
        else:
            carried = False
    return segments


def chain_segments(segments: list[Segment]) -> list[list[Segment]]:
    """Group segments that belong to one quotation (same chain id), in text order."""
    chains: dict[int, list[Segment]] = {}
    for seg in segments:
        chains.setdefault(seg.chain, []).append(seg)
    return [chains[k] for k in sorted(chains)]


def quotation_text(text: str, segments: list[Segment]) -> str:
    """The quoted words, segments joined by a space, outer whitespace removed."""
    return " ".join(" ".join(text[s.start : s.end].split()) for s in segments).strip()


def ends_with_own_punctuation(text: str) -> bool:
    """Quoted statements carry their punctuation inside the marks; scare quotes do not.

    A quotation inside the quotation may close first: `"Putin is 'a dictator,'" Kirby said`.
    """
    return text.rstrip().rstrip("'’").rstrip()[-1:] in tuple(".,!?…—-")


# --- attribution -------------------------------------------------------------------------------

NAMED_SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


def entity_span(token):
    """The named-entity span containing `token`, or None."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in NAMED_SPEAKER_LABELS:
            return ent
    return None


def speaker_of_token(token) -> tuple[str, str] | None:
    """('name', text) for a named subject, ('pronoun', he/she/..) or ('phrase', noun-phrase Span).

    A name in apposition stands for the subject ("the spokesman, John Kirby, said"); a name
    elsewhere in the phrase does not ("Kirby's spokesman said", "a spokesman for Kirby said").
    """
    span = entity_span(token)
    if span is not None:
        return ("name", span.text)
    if token.pos_ == "PRON":
        return ("pronoun", token.lower_) if token.lower_ in SPEAKER_PRONOUNS else None
    for child in token.children:
        span = entity_span(child) if child.dep_ == "appos" else None
        if span is not None and span.label_ == "PERSON":
            return ("name", span.text)
    if token.pos_ == "PROPN":
        return ("name", " ".join(t.text for t in token.subtree if t.dep_ in ("compound", "flat")
                                 or t == token))
    words = [t for t in token.subtree if not t.is_punct]
    if 0 < len(words) <= 6:
        return ("phrase", token.doc[words[0].i : words[-1].i + 1])
    return ("phrase", token.doc[token.i : token.i + 1])


def as_written(raw, text: str, index):
    """A raw speaker whose noun phrase is read from the article (the parser may see a normalised copy)."""
    if raw is None or raw[0] != "phrase":
        return raw
    start = index.start_of(raw[1][0])
    return ("phrase", text[start : start + len(raw[1].text)])


def subject_of(verb, region: list) -> tuple[str, str] | None:
    """The speaker of a speech verb: its grammatical subject, else a name or pronoun nearby."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return speaker_of_token(child)
    for token in region:
        if token.pos_ in ("PROPN", "PRON") and token != verb:
            found = speaker_of_token(token)
            if found:
                return found
    return None


def is_speech_verb(token) -> bool:
    """A verb (not an auxiliary) whose lemma is in the speech-verb list."""
    return token.lemma_.lower() in SPEECH_VERBS and token.pos_ == "VERB"


def clause_tokens(tokens: list, limit: int | None = None) -> list:
    """Tokens up to the first clause-ending punctuation or quotation mark."""
    kept = []
    for token in tokens:
        if token.text in CLAUSE_END or any(ch in QUOTE_MARKS for ch in token.text):
            break
        kept.append(token)
        if limit and len(kept) >= limit:
            break
    return kept


def cue_after(tokens: list):
    """A speech verb right after a closing mark (`," Kirby said`): (verb, speaker) or None."""
    region = clause_tokens(tokens, CUE_WINDOW_TOKENS)
    for token in region:
        if is_speech_verb(token):
            return token, subject_of(token, region)
    return None


def cue_before(tokens: list):
    """A speech verb before an opening mark ending in ':' or ',' (`Kirby told reporters: "`)."""
    words = [t for t in tokens if not t.is_space]
    if not words or words[-1].text not in (":", ","):
        return None
    last_break = max((i for i, t in enumerate(words) if t.text in CLAUSE_END), default=-1)
    region = words[last_break + 1 :]
    for token in reversed(region):
        if is_speech_verb(token):
            return token, subject_of(token, region)
    return None


def cue_in_sentence(tokens: list):
    """A speech verb with a subject earlier in the quotation's own sentence.

    For a partial quotation inside reported speech: `Baker said the council had "broken its word"`.
    """
    words = [t for t in tokens if not t.is_space]
    last_break = max((i for i, t in enumerate(words) if t.text in CLAUSE_END), default=-1)
    region = words[last_break + 1 :]
    for token in reversed(region):
        if is_speech_verb(token) and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            return token, subject_of(token, region)
    return None


# --- putting it together -----------------------------------------------------------------------

INHERIT_WITHIN_PARAGRAPHS = 3


class SpeakerResolver:
    """Turn raw speakers into canonical names in text order; pronouns take the last fitting name."""

    def __init__(self, mapping: dict, labels: dict, person_mentions: list[tuple[int, str]]):
        self.mapping, self.labels = mapping, labels
        self.person_mentions = person_mentions
        self.person_names = sorted({e for e, lab in labels.items() if lab == "PERSON"})
        self.history: list[tuple[int, str, str]] = []
        self.gender: dict[str, str] = {}

    def canonical(self, name: str) -> str:
        """A raw name to the article's canonical entity (surname -> the one full name)."""
        from .entities import normalise_name

        norm = normalise_name(name)
        if norm in self.mapping and self.mapping[norm]:
            return self.mapping[norm]
        matches = [p for p in self.person_names if p.endswith(" " + norm)]
        return matches[0] if len(matches) == 1 else norm

    def resolve(self, raw, pos: int) -> tuple[str | None, str]:
        """(speaker, label) for a raw speaker found at `pos`; (None, '') when unresolvable."""
        if raw is None:
            return None, ""
        kind, value = raw
        if kind == "name":
            name = self.canonical(value)
            label = self.labels.get(name, "")
            self.history.append((pos, name, label))
            return name, label
        if kind == "phrase":
            return value, ""
        return self.resolve_pronoun(value, pos)

    def resolve_pronoun(self, pronoun: str, pos: int) -> tuple[str | None, str]:
        """Most recent named speaker that fits the pronoun, else the last person mentioned."""
        gender = SPEAKER_PRONOUNS.get(pronoun)
        wants_person = pronoun in ("he", "she", "him", "her", "i")
        for _, name, label in reversed(self.history):
            fits_gender = gender is None or self.gender.get(name, gender) == gender
            if (label == "PERSON") == wants_person and fits_gender:
                if gender:
                    self.gender[name] = gender
                return name, label
        if wants_person:
            for mention_pos, name in reversed(self.person_mentions):
                if mention_pos < pos and self.gender.get(name, gender) == gender:
                    if gender:
                        self.gender[name] = gender
                    return name, "PERSON"
        return None, ""


def cue_after_segment(text: str, segment: Segment, segments: dict[int, list[Segment]], para, index):
    """A cue right after a closed segment, read up to the next quotation in its paragraph.

    Only a quotation that ends like a statement takes a cue after it: `"...," Kirby said` or
    `"...", Kirby said`; in `lost "many" tanks, Kirby noted` the verb reports the whole clause.
    """
    after = text[segment.end + 1 : para.end].lstrip()
    if not ends_with_own_punctuation(text[segment.start : segment.end]) and not after.startswith(
        tuple(",;:—–-")
    ):
        return None
    same_para = segments[segment.paragraph]
    k = same_para.index(segment)
    region_end = same_para[k + 1].start - 1 if k + 1 < len(same_para) else para.end
    return cue_after(index.between(segment.end + 1, region_end))


def attribute_quotation(text: str, quote, segments, blocks: dict, index) -> None:
    """Fill a quotation's cue and raw speaker from the words around it.

    Cue after the first segment (`"...," Kirby said`), else after the last one when a quotation
    over several paragraphs closes with its attribution, else a cue before the first segment.
    """
    first, last = quote.segments[0], quote.segments[-1]
    same_para = segments[first.paragraph]
    k = same_para.index(first)
    found, where = None, "cue after"
    if first.closed:
        found = cue_after_segment(text, first, segments, blocks[first.paragraph], index)
    elif last.closed and last is not first:
        found = cue_after_segment(text, last, segments, blocks[last.paragraph], index)
    if not found:
        region_start = same_para[k - 1].end + 1 if k > 0 else blocks[first.paragraph].start
        found, where = cue_before(index.between(region_start, first.start - 1)), "cue before"
    if not found and word_count(quote.text) >= SCARE_MAX_WORDS:
        found, where = cue_in_sentence(index.between(region_start, first.start - 1)), "cue before"
    if found:
        verb, speaker = found
        quote.cue, quote.raw_speaker, quote.attribution = verb.text, as_written(speaker, text, index), where
        quote.cue_pos = index.start_of(verb)
    elif k > 0:
        quote.attribution = "continued"
    quote.extras["paragraph_rank"] = k


def opens_mid_sentence(text: str, quote: Quotation, para) -> bool:
    """True when the opening mark follows a word or comma of the same sentence (`a "term"`)."""
    before = text[para.start : quote.segments[0].start - 1].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;—–-(")


def classify(text: str, quote: Quotation, para) -> None:
    """Short unattributed quoted terms ("demilitarize") are scare quotes, not statements.

    A short term inside a sentence is a scare quote even when American style puts the sentence's
    punctuation inside the marks (`what he called a "special military operation."`).
    """
    if (
        quote.attribution in ("none", "continued")
        and word_count(quote.text) < SCARE_MAX_WORDS
        and (not ends_with_own_punctuation(quote.text) or opens_mid_sentence(text, quote, para))
    ):
        quote.kind, quote.attribution = "scare", "none"


def by_paragraph(segments: list[Segment]) -> dict[int, list[Segment]]:
    """Segments grouped by paragraph, each group in text order."""
    grouped: dict[int, list[Segment]] = {}
    for segment in segments:
        grouped.setdefault(segment.paragraph, []).append(segment)
    return grouped


def find_indirect(parsed, index, quoted_spans, cue_verbs: dict) -> list[dict]:
    """Reported speech outside quotation marks: a speech verb with a subject and a reported clause."""
    found = []
    for block, start, end, sent in parsed.sentences():
        if block.section != "body":
            continue
        for token in sent:
            pos = index.start_of(token)
            if not is_speech_verb(token) or quoted_spans.contains(pos) or token_key(token) in cue_verbs:
                continue
            reported = [c for c in token.children if c.dep_ == "ccomp"]
            if not reported and token.dep_ != "parataxis":
                continue
            raw = as_written(subject_of(token, []), parsed.text, index) if any(
                c.dep_ in ("nsubj", "nsubjpass") for c in token.children
            ) else None
            inherited_from = None
            if raw is None and token_key(token.head) in cue_verbs:
                inherited_from = cue_verbs[token_key(token.head)]
            if raw is None and inherited_from is None:
                continue
            if reported:
                span = reported[0]
                words = list(span.subtree)
                lo, hi = words[0].idx, words[-1].idx + len(words[-1].text)
                clause_start, clause_end = pos - token.idx + lo, pos - token.idx + hi
            else:
                clause_start, clause_end = start, end
            # Words from the article itself (the parsed text may differ, e.g. straightened marks);
            # the comma before "Kirby said" is not part of what was reported.
            clause_text = parsed.text[clause_start:clause_end].rstrip(" ,;:—–-")
            found.append({
                "pos": pos, "raw": raw, "inherit": inherited_from, "cue": token.text,
                "paragraph": block.index, "start_char": clause_start,
                "end_char": clause_start + len(clause_text), "text": " ".join(clause_text.split()),
            })
    return found


def extract_speech(parsed, index, mapping: dict, labels: dict, person_mentions) -> list[dict]:
    """All direct quotations, scare quotes and indirect speech of an article, in text order."""
    text = parsed.text
    body = [b for b in parsed.blocks if b.section == "body"]
    blocks = {b.index: b for b in parsed.blocks}
    segments = find_segments(text, body)
    quotes = [Quotation(chain, quotation_text(text, chain)) for chain in chain_segments(segments)]
    grouped = by_paragraph(segments)
    for quote in quotes:
        attribute_quotation(text, quote, grouped, blocks, index)
        classify(text, quote, blocks[quote.segments[0].paragraph])
    direct = [q for q in quotes if q.kind == "direct"]
    quoted_spans = SpanSet([(s.start - 1, s.end + 1) for q in direct for s in q.segments])
    cue_verbs = {}
    for q in direct:
        if q.cue_pos >= 0:
            cue_verbs[token_key(index.between(q.cue_pos, q.cue_pos + 1)[0])] = q
    indirect = find_indirect(parsed, index, quoted_spans, cue_verbs)
    return resolve_in_order(quotes, indirect, mapping, labels, person_mentions)


def resolve_in_order(quotes, indirect, mapping, labels, person_mentions) -> list[dict]:
    """Resolve every speaker in text order so pronouns see only earlier names."""
    resolver = SpeakerResolver(mapping, labels, person_mentions)
    events = [(q.segments[0].start, "q", q) for q in quotes] + [
        (item["pos"], "i", item) for item in indirect
    ]
    rows, last_direct = [], None
    for _pos, kind, item in sorted(events, key=lambda e: e[0]):
        if kind == "q":
            rows.append(direct_row(item, resolver, last_direct))
            if item.kind == "direct":
                last_direct = (item, rows[-1])
        else:
            rows.append(indirect_row(item, resolver))
    return sorted(rows, key=lambda r: (r["start_char"], r["kind"]))


def direct_row(quote: Quotation, resolver: SpeakerResolver, last_direct) -> dict:
    """A quotes-table row for a direct or scare quotation, speaker resolved."""
    speaker, label = None, ""
    first, last = quote.segments[0], quote.segments[-1]
    if quote.kind == "direct":
        if quote.raw_speaker is not None:
            speaker, label = resolver.resolve(quote.raw_speaker, quote.cue_pos)
        elif last_direct is not None:
            prev_quote, prev_row = last_direct
            near = first.paragraph - prev_quote.segments[-1].paragraph <= INHERIT_WITHIN_PARAGRAPHS
            if quote.attribution == "continued" or near:
                speaker, label = prev_row["speaker"], prev_row["speaker_label"]
                quote.cue = prev_row["cue"]
                if quote.attribution == "none":
                    quote.attribution = "inherited"
    quote.speaker, quote.extras["label"] = speaker, label
    return {
        "kind": quote.kind, "text": quote.text, "speaker": speaker, "speaker_label": label,
        "cue": quote.cue, "attribution": quote.attribution, "paragraph": first.paragraph,
        "last_paragraph": last.paragraph, "start_char": first.start, "end_char": last.end,
        "n_words": word_count(quote.text), "segments": [(s.start, s.end) for s in quote.segments],
    }


def indirect_row(item: dict, resolver: SpeakerResolver) -> dict:
    """A quotes-table row for indirect (reported) speech."""
    if item["raw"] is not None:
        speaker, label = resolver.resolve(item["raw"], item["pos"])
        attribution = "subject"
    else:
        speaker, label, attribution = None, "", "inherited"
        parent = item["inherit"]
        if parent is not None:
            speaker, label = parent.speaker, parent.extras.get("label", "")
    return {
        "kind": "indirect", "text": item["text"], "speaker": speaker, "speaker_label": label,
        "cue": item["cue"], "attribution": attribution, "paragraph": item["paragraph"],
        "last_paragraph": item["paragraph"], "start_char": item["start_char"],
        "end_char": item["end_char"], "n_words": word_count(item["text"]),
        "segments": [(item["start_char"], item["end_char"])],
    }
