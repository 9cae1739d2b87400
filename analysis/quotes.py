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

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .parsing import token_key
from .structure import dateline_end
from .text import SpanSet, is_format_char, word_count

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
QUOTE_MARKS = OPENING + CLOSING + STRAIGHT
ARCHIVE_OPEN, ARCHIVE_EITHER = "``", "''"  # wire archives and treebank text: two characters
SINGLE_OPENING, SINGLE_CLOSING, SINGLE_STRAIGHT = "‘", "’", "'"
SINGLE_MARKS = SINGLE_OPENING + SINGLE_CLOSING + SINGLE_STRAIGHT
SCARE_MAX_WORDS = 4
CUE_WINDOW_TOKENS = 10
SPEECH_VERBS = frozenset({
    "say", "tell", "note", "write", "add", "ask", "warn", "state", "claim", "explain",
    "announce", "insist", "argue", "declare", "report", "suggest", "acknowledge", "admit",
    "reply", "respond", "comment", "confirm", "deny", "remark", "recall", "stress", "predict",
    "concede", "complain", "assert", "testify", "tweet", "caution", "contend", "maintain",
    "observe", "reiterate", "vow", "promise", "urge",
    # cues of direct quotations in annotated US news (PolNeAR dev split), most frequent first
    "continue", "read", "conclude", "shout", "chant", "answer", "joke", "yell", "quip", "post",
    "bark", "interject", "retort", "wonder", "boom", "assure", "proclaim", "scream", "charge",
})
# manner-of-speaking verbs that are cues only right beside a quotation (`"...," scoffed Gil`,
# `Clinton cracked, "..."`): on their own they rarely report speech ("cracked down", "started")
DIRECT_ONLY_SPEECH_VERBS = frozenset({
    "remember", "scoff", "opine", "retaliate", "crack", "boast", "start", "begin", "demur",
    "counter", "lament", "exclaim", "recount", "sneer", "gush", "muse", "plead", "thunder",
    "agree", "press", "fume", "cry", "beam", "riff", "exhort", "recommend", "react", "sing",
})
# a naming verb reports words only before them and with a subject of its own (`what he called "a
# perception problem."`, `Capito called over her shoulder, "..."`); `so-called "rebels"`, `a class
# called "Perception"`, `saying calling the Islamic State ...` and a quotation before
# `Clement called the dip "..."` name something and report nothing
NAMING_VERBS = frozenset({"call"})
# what follows one of these right before its mark was shouted, never a title of a work, however
# it is capitalised (`protesters chanting "Dump Trump."`)
SHOUTING_VERBS = frozenset({"chant", "shout", "yell", "scream", "cry", "holler", "roar", "exclaim",
                            "cheer", "bellow", "boo"})
# verb + particle cues: "shot back", "pointed out", "went on"
PHRASAL_SPEECH_VERBS = frozenset({("shoot", "back"), ("fire", "back"), ("hit", "back"),
                                  ("point", "out"), ("go", "on"), ("lash", "out")})
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
    open_len: int = 1  # characters of the opening mark before `start` (2 for ``` `` ``` / `''`)
    close_len: int = 1  # characters of the closing mark at `end` (0 when unclosed)


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


def mark_role(text: str, pos: int, length: int = 1) -> str:
    """'open', 'close' or 'either' for the quotation mark of `length` characters at `pos`."""
    ch = text[pos : pos + length]
    before = next((c for c in reversed(text[max(0, pos - 3) : pos]) if not is_format_char(c)), " ")
    after = text[pos + length] if pos + length < len(text) else " "
    if ch in OPENING + CLOSING and ch != STRAIGHT:
        # A curly double mark typed the wrong way round reads by its place: `”This is why` opening a
        # paragraph opens; `said “` ... `done“ he said` closes (German `„...“` too).
        if ch in CLOSING and before.isspace() and after.isalnum():
            return "open"
        if ch == "“" and not before.isspace() and (after.isspace() or after in ",.;:!?"):
            return "close"
    if ch in OPENING or ch in (SINGLE_OPENING, ARCHIVE_OPEN):
        return "open"
    if ch in CLOSING or ch == SINGLE_CLOSING:
        return "close"
    if (before.isspace() or before in "([{—–-") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return "close"
    return "either"


def is_apostrophe(text: str, pos: int) -> bool:
    """A single mark that is an apostrophe, not a quotation mark.

    Inside a word (`can't`, `O'Brien`), before a year (`'90s`), or a plural possessive followed by
    the word it qualifies (`members' votes`, `St Thomas' Hospital`); `‘` is always a mark.
    """
    if text[pos] == SINGLE_OPENING:
        return False
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if (before.isalnum() or before == "-") and after.isalnum():
        return True  # can't, O'Brien, shoot-'em-ups
    if not before.isalnum() and text[pos + 1 : pos + 3].isdigit():
        return True
    following = text[pos + 1 : pos + 3]
    return before.lower() == "s" and len(following) == 2 and following[0] == " " and following[1].isalnum()


def double_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(position, length) of the double quotation marks in text[start:end], archive pairs included."""
    found, i = [], start
    while i < end:
        if text[i] in QUOTE_MARKS:
            found.append((i, 1))
        elif text[i : i + 2] in (ARCHIVE_OPEN, ARCHIVE_EITHER) and i + 2 <= end and (
            text[i + 2 : i + 3] not in ("'", "`")
        ):
            found.append((i, 2))
            i += 1
        i += 1
    return found


def single_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(position, 1) of the single quotation marks in text[start:end], apostrophes left out."""
    return [(i, 1) for i in range(start, end) if text[i] in SINGLE_MARKS
            and text[i - 1 : i + 1] not in (ARCHIVE_EITHER,) and text[i : i + 2] != ARCHIVE_EITHER
            and not is_apostrophe(text, i)]


def uses_single_marks(text: str, paragraphs: list) -> bool:
    """True for a UK-style text: single marks open more quotations than double marks do."""
    def openings(find) -> int:
        return sum(1 for p in paragraphs for pos, length in find(text, p.start, p.end)
                   if mark_role(text, pos, length) == "open")

    return openings(single_marks) > openings(double_marks)


def find_segments(text: str, paragraphs: list, single: bool | None = None) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph, carrying an open quotation across paragraphs.

    Double marks (straight, curly, or the archive's ``` `` ``` and `''`) unless the text quotes
    with single marks (`uses_single_marks`; then doubles are the nested marks). An unbalanced mark
    never raises: a quotation left open runs to its paragraph's end, and continues into the next
    paragraph only if that paragraph opens with a quotation mark. An opening mark after a full
    stop inside an open quotation starts its next sentence (`uncertain. "It is ..."`).
    """
    if single is None:
        single = uses_single_marks(text, paragraphs)
    marks_in = single_marks if single else double_marks
    segments: list[Segment] = []
    chain = -1
    carried = False
    for para in paragraphs:
        marks = marks_in(text, para.start, para.end)
        open_at, open_len = None, 1
        if carried and marks and text[para.start : marks[0][0]].strip() == "" and mark_role(
            text, *marks[0]
        ) != "close":
            pos, open_len = marks.pop(0)
            open_at = pos + open_len
        elif carried:
            carried = False
        for pos, length in marks:
            role = mark_role(text, pos, length)
            if open_at is None:
                if role == "close":
                    continue  # a stray closing mark with nothing open
                open_at, open_len = pos + length, length
                chain += 1
                continue
            if pos == open_at and role == "open":
                open_at, open_len = pos + length, open_len + length  # a doubled mark: `““Radical …`
                continue
            if role == "open" and text[open_at:pos].rstrip()[-1:] in (".", "!", "?"):
                # `uncertain. "It is widely accepted ..."`: each new sentence of one quotation opens
                # a mark of its own (paragraphs run together); the quotation goes on
                end = open_at + len(text[open_at:pos].rstrip())
                segments.append(Segment(para.index, open_at, end, False, chain, open_len, 0))
                open_at, open_len = pos + length, length
                continue
            segments.append(Segment(para.index, open_at, pos, True, chain, open_len, length))
            open_at = None
        if open_at is not None:
            segments.append(Segment(para.index, open_at, para.end, False, chain, open_len, 0))
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


def proper_name_ending_at(token) -> str:
    """The run of proper nouns ending at `token` ("Elijah Cummings", "Laah Chong-gyu"), a group
    word before it left out ("Democrat" in "ranking Democrat Elijah Cummings")."""
    start = token.i
    while start > 0:
        left = token.doc[start - 1]
        if (left.text == "-" and start > 1 and not left.whitespace_ and not token.doc[start - 2].whitespace_
                and token.doc[start - 2].pos_ == "PROPN"):
            start -= 2  # a hyphenated name the tokenizer split: `Laah Chong-gyu`
            continue
        if left.pos_ != "PROPN" or left.dep_ not in ("compound", "flat") or left.ent_type_ == "NORP":
            break
        start -= 1
    return token.doc[start : token.i + 1].text


NOUN_MODIFIERS = ("det", "amod", "compound", "poss", "nummod")


def speaker_of_token(token) -> tuple[str, str] | None:
    """('name', text) for a named subject, ('pronoun', he/she/..) or ('phrase', noun-phrase Span).

    A name in apposition stands for the subject ("the spokesman, John Kirby, said"); a name
    elsewhere in the phrase does not ("Kirby's spokesman said", "a spokesman for Kirby said").
    """
    span = entity_span(token)
    one_of_a_group = span is not None and (span.label_ == "NORP" and any(
        c.dep_ == "det" for c in token.children)  # "a Democrat", "another New Hampshire Democrat"
        or counts_people(token))  # "one of those advisers": the phrase, not "one"
    if span is not None and not one_of_a_group:
        return ("name", span.text)
    if token.pos_ == "PRON":
        return ("pronoun", token.lower_) if token.lower_ in SPEAKER_PRONOUNS else None
    for child in token.children:
        span = entity_span(child) if child.dep_ == "appos" else named_by(child)
        if span is not None and span.label_ == "PERSON":
            return ("name", span.text)
    named = named_beside_its_organisation(token)
    if named:
        return ("name", named)
    if token.pos_ == "PROPN":
        return ("name", proper_name_ending_at(token))
    if counts_people(token):  # `one of two witnesses who relayed ...`: the number and its group
        counted = max(obj.i for c in token.children if c.lower_ == "of" for obj in c.children
                      if obj.dep_ == "pobj")
        return ("phrase", token.doc[min(token.left_edge.i, token.i) : counted + 1])  # `a third of`
    clauses = {t.i for c in token.children if c.dep_ == "relcl" for t in c.subtree}
    words = [t for t in token.subtree if not t.is_punct and t.i not in clauses]  # `a video that said`
    if 0 < len(words) <= 6:
        return ("phrase", token.doc[words[0].i : words[-1].i + 1])
    start = min(token.left_edge.i, token.i)  # `A spokesman` for ...
    while start < token.i and token.doc[start].is_punct:
        start += 1
    if token.i - start > 5:  # a subject the parser grew into a clause: its own modifiers only
        start = min((c.i for c in token.children if c.i < token.i and c.dep_ in NOUN_MODIFIERS),
                    default=token.i)
    return ("phrase", token.doc[start : token.i + 1])


def named_beside_its_organisation(token) -> str | None:
    """`A spokesman for DLF Builders, Dr Vancheshwar, told`: a person's name (or a titled name) set
    off by commas that the parser hangs in apposition on the organisation after a person noun
    (`PERSON_NOUNS`) names that person (not `the Payment Services (Apacs)`, nor `a spokesman for
    the prosecutor, Comptroller Alan Hevesi,`); else None."""
    if token.lower_ not in PERSON_NOUNS:
        return None
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "at"):
            continue
        for obj in prep.children:
            for appos in obj.children:
                set_off = appos.left_edge.i > 0 and appos.doc[appos.left_edge.i - 1].text == ","
                an_organisation = obj.dep_ == "pobj" and obj.pos_ == "PROPN" and obj.ent_type_ != "PERSON"
                if appos.dep_ == "appos" and appos.pos_ == "PROPN" and an_organisation and set_off and (
                        appos.ent_type_ == "PERSON" or is_title_word(appos.left_edge)):
                    return proper_name_ending_at(appos)
    return None


NAMING_PARTICIPLES = frozenset({"name", "know", "call"})


def named_by(child):
    """`the base chief known as Bob`, `an academic named Eric Kingson`: the entity a naming
    participle hung on a noun gives it, or None."""
    if child.dep_ != "acl" or child.lemma_.lower() not in NAMING_PARTICIPLES:
        return None
    for word in child.subtree:
        if word.dep_ in ("oprd", "pobj", "attr", "dobj") and word.pos_ == "PROPN":
            return entity_span(word)
    return None


def as_written(raw, text: str, index):
    """A raw speaker whose noun phrase is read from the article (the parser may see a normalised copy)."""
    if raw is None or raw[0] != "phrase":
        return raw
    start = index.start_of(raw[1][0])
    return ("phrase", text[start : start + len(raw[1].text)])


NOT_A_SPEAKER_ENTITIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


CLAUSE_LINKS = ("advcl", "xcomp", "conj", "pcomp", "prep")


def grammatical_subject(verb, region_keys: frozenset = frozenset()):
    """The subject of a verb, or of the clause a participle hangs from (`Trump ..., telling
    CNBC:`, `Gore insisted ... while adding:`), up to three links up. Climbing, an `it` of a
    reported clause is passed over (`Suu Kyi said it was too early but added, "..."`: the parser
    hangs `added` on `was`), and so is any subject of a clause another speech verb reports
    (`Byrne wrote the agents knew ..., saying, "..."`: Byrne). Of two subjects, one inside the
    cue's region (`region_keys`) wins (`"... the foundation ...," said a person close to the
    Clintons`: not the foundation)."""
    candidate, links = verb, CLAUSE_LINKS
    for _ in range(4):
        quoted = quoted_as_saying(candidate)
        if quoted is not None:
            return quoted
        if candidate is not verb and candidate.dep_ == "ccomp" and is_speech_verb(candidate.head):
            candidate = candidate.head  # a clause another verb reports: its speaker speaks
            continue
        subjects = [c for c in candidate.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and candidate is not verb and all(c.lower_ == "it" for c in subjects):
            subjects, links = [], CLAUSE_LINKS + ("ccomp",)
        if subjects:  # the parser may give two (`in Berea, OH, ... Gov. John Kasich said`,
            # `said Blaze co-host Stu Burguiere`, `The crowd cheers, and then Wallnau continues`):
            # a person first, then a proper name, then the first
            subject = min(subjects, key=lambda c: (bool(region_keys) and token_key(c) not in region_keys,
                                                   c.ent_type_ != "PERSON", c.pos_ != "PROPN", c.i))
            if subject.lower_ in ("who", "that") and candidate.dep_ == "relcl":
                return candidate.head  # `Loretta E. Lynch, who told Congress: "..."`: Lynch
            return subject
        if candidate.dep_ not in links or candidate.head is candidate:
            return None
        candidate = candidate.head
    return None


def quoted_as(verb):
    """The `quote` or `cite` a verb hangs from by `as` (`Apcom quoted several lawmakers as saying`,
    `Smith was quoted as saying`), else None."""
    quoting = verb.head.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and quoting.lemma_.lower() in ("quote", "cite"):
        return quoting
    return None


def quoted_as_saying(verb):
    """`Apcom quoted several lawmakers as saying`, `Interfax cited him as saying`: the person quoted
    (the object of `quote` or `cite`) speaks, not the outlet; None when there is no such object."""
    quoting = quoted_as(verb)
    return next((c for c in quoting.children if c.dep_ == "dobj"), None) if quoting is not None else None


def cleft_subject(subject):
    """`All she could do was shout "Yessss!"`: the subject of the clause that a pseudo-cleft's `all`
    heads speaks, not `all`; any other subject (or None) is returned as it is."""
    if subject is None or subject.lower_ != "all":
        return subject
    inner = [c for rel in subject.children if rel.dep_ == "relcl" for c in rel.children if c.dep_ == "nsubj"]
    return inner[0] if inner else subject


AGE_NOUN = re.compile(r"\b\d+-year-old$")


def can_speak(token) -> bool:
    """A token that may name a speaker: not a date or number ("Thursday"), not a bare title ("Mr.");
    an age used as a noun is a person (`said the 46-year-old`, which the model tags as a date), and
    a number of people is a group (`Hundreds of demonstrators marched, chanting "..."`)."""
    age = token.doc[token.left_edge.i : token.i + 1].text
    return ((token.ent_type_ not in NOT_A_SPEAKER_ENTITIES or bool(AGE_NOUN.search(age))
             or counts_people(token))
            and token.lower_.rstrip(".") not in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov"))


def counts_people(token) -> bool:
    """A number that counts something named after `of`, which is no number itself (`Hundreds of
    demonstrators`, `two of his aides`; not `2 of 3` nor `Thursday`)."""
    return token.ent_type_ == "CARDINAL" and any(
        child.dep_ == "prep" and child.lower_ == "of" and any(
            obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN", "PRON") and obj.ent_type_ not in
            NOT_A_SPEAKER_ENTITIES for obj in child.children)
        for child in token.children)


REPORTED_PARTS = ("ccomp", "xcomp", "advcl", "prep")


def subject_of(verb, region: list, earlier_ok=None) -> tuple[str, str] | None:
    """The speaker of a speech verb: its grammatical subject (inside the cue's region when one is
    given: never a word of the quotation itself; before the region too when `earlier_ok` accepts
    it, as for `Trump told Newsmax that ..., adding, "..."`), else a name or pronoun in the region
    outside what the verb reports (`," said the candidate could win Pennsylvania`: not Pennsylvania).

    A date, a number or a bare title is never the speaker (`Mr. Trump said Friday`).
    """
    region_keys = frozenset(token_key(t) for t in region)
    subject = cleft_subject(grammatical_subject(verb, region_keys))
    titled = name_right_after(subject) if subject is not None and in_a_title(subject) else None
    if titled:
        return titled  # `said Navy Capt. Jeff Davis`, `said Air Force 1st Lt. Tyler Livingston`
    in_region = not region or token_key(subject) in region_keys if subject else False
    if subject is not None and not in_region and earlier_ok is not None and region:
        in_region = subject.i < region[0].i and earlier_ok(subject)
    if subject is not None and can_speak(subject) and in_region:
        return speaker_of_token(subject)
    named = name_right_before(verb, region) if subject is None else None
    if named:
        return named
    reported = {token_key(t) for c in verb.children if c.dep_ in REPORTED_PARTS for t in c.subtree}
    candidates = []
    for token in region:
        if token.dep_ in ("compound", "poss") and token.head.pos_ == "PROPN" and token.head in region:
            continue  # "ranking Democrat Elijah Cummings", "Cleveland's Plain Dealer": the head speaks
        if token_key(token) in reported:
            continue
        if token.pos_ in ("PROPN", "PRON") and token != verb and can_speak(token):
            modified = token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head in region
            candidates.append(token.head if modified else token)  # `The Vermont senator`: the senator
    # a person before any other name: `mused Blaze co-host Stu Burguiere` is Burguiere
    for token in sorted(candidates, key=lambda t: t.ent_type_ != "PERSON"):
        found = speaker_of_token(token)
        if found:
            return found
    return None


def is_speech_verb(token, beside_quotation: bool = False) -> bool:
    """A verb (not an auxiliary) whose lemma is in the speech-verb list (or, right beside a
    quotation, the manner-of-speaking list), `put it` (`as Amar put it, "..."`), or a phrasal
    speech verb (`shot back`, `pointed out`, `went on`)."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in SPEECH_VERBS or beside_quotation and lemma in DIRECT_ONLY_SPEECH_VERBS:
        return True
    if beside_quotation and lemma in NAMING_VERBS:
        return any(c.dep_ == "nsubj" for c in token.children)
    if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children):
        return True
    return any((lemma, c.lower_) in PHRASAL_SPEECH_VERBS for c in token.children if c.dep_ == "prt"
               or c.dep_ == "advmod" and c.lower_ in ("back", "on", "out"))


def is_mark_token(token) -> bool:
    """A token that is or holds a double quotation mark (archive pairs included)."""
    return any(ch in QUOTE_MARKS for ch in token.text) or token.text in (ARCHIVE_OPEN, ARCHIVE_EITHER)


TITLE_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "capt", "sgt", "col", "adm", "maj",
    "cmdr", "cpl", "pvt", "rev", "prof", "st", "jr", "sr", "atty", "supt", "det", "insp",
})


def ends_clause(token) -> bool:
    """Clause-ending punctuation, except the period of a title (`said Army Capt. Christian Pardo`)."""
    if token.text not in CLAUSE_END:
        return False
    before = token.nbor(-1) if token.i > 0 else None
    return not (token.text == "." and before is not None and not before.whitespace_
                and before.lower_ in TITLE_ABBREVIATIONS)


def clause_tokens(tokens: list, limit: int | None = None) -> list:
    """Tokens up to the first clause-ending punctuation or quotation mark."""
    kept = []
    for token in tokens:
        if ends_clause(token) or is_mark_token(token):
            break
        kept.append(token)
        if limit and len(kept) >= limit:
            break
    return kept


def subject_fills_the_gap(verb, before: list) -> bool:
    """True when every word between the closing mark and the verb belongs to the verb's subject.

    `"...," Senate Majority Leader Mitch McConnell, R-Ky., said` or a subject with a long
    apposition: the cue may sit far from the mark when only its own subject comes between. A
    subject the parser broke up still counts when no other verb stands in the gap (`," JP Morgan
    chief executive William Harrison and chief operating officer James Dimon said`).
    """
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    inside = {token_key(t) for s in subjects for t in s.subtree}
    if all(token_key(t) in inside or t.is_punct or t.is_space for t in before):
        return True
    return (any(token_key(s) in {token_key(t) for t in before} for s in subjects)
            and not any(t.pos_ in ("VERB", "AUX") for t in before))


def cue_after(tokens: list):
    """A speech verb right after a closing mark (`," Kirby said`): (verb, speaker) or None.

    The verb is within the first ten tokens of the clause, or further when only its subject
    comes before it (`," said X, an adviser to ...` / `," X, a former director of Y, said`).
    """
    region = clause_tokens(tokens)
    in_region = {token_key(t) for t in region}
    for n, token in enumerate(region):
        subject = grammatical_subject(token)
        hangs_from_a_noun_here = token.dep_ == "acl" and token_key(token.head) in in_region
        named_right_before = n > 0 and region[n - 1].pos_ == "PROPN"  # `," Trump barked and`, misparsed
        if token.tag_ == "VBN" and (subject is None or token_key(subject) not in in_region) and not (
                hangs_from_a_noun_here or named_right_before):  # `," the nominee, Donald Trump, tweeted`
            continue  # `," when asked whether ...`: a passive with no speaker of its own is no cue
        if token.tag_ == "VBG" and all(t.is_punct for t in region[:n]):
            continue  # `"crazy," adding, "..."`: the participle introduces the next quotation
        if token.lemma_.lower() in NAMING_VERBS:
            continue  # `"…." Clement called the dip "a mild decline"`: it names what follows it
        if is_speech_verb(token, beside_quotation=True) and (
            n < CUE_WINDOW_TOKENS or subject_fills_the_gap(token, region[:n])
        ):
            return token, subject_of(token, region) or name_right_after(token)
        named = named_before_apposition(region, n) if is_speech_verb(token, beside_quotation=True) else None
        if named is not None:
            return token, ("name", named.text)
    return according_to(region[:CUE_WINDOW_TOKENS]) or noun_read_for_a_verb(region)


def noun_read_for_a_verb(region: list):
    """`," the lawsuit states.`: a short clause after the quotation that ends its sentence on a word
    the tagger read as a plural noun but is a speech verb's -s form; the words before it speak.
    (verb, speaker) or None."""
    words = [t for t in region if not t.is_punct and not t.is_space]
    if not 2 <= len(words) <= 5:
        return None
    last = words[-1]
    following = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    if (last.tag_ != "NNS" or last.lower_[-1:] != "s" or last.lower_[:-1] not in SPEECH_VERBS
            or following is not None and following.text not in (".", "!", "?")):
        return None
    return last, ("phrase", last.doc[words[0].i : last.i])


def is_title_word(token) -> bool:
    """A title abbreviation standing as a word (`Capt`, `Sen.`), not a name."""
    return token.lower_.rstrip(".") in TITLE_ABBREVIATIONS


def in_a_title(token) -> bool:
    """A title word, or a word right before one (`1st` in `Air Force 1st Lt.`)."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return is_title_word(token) or (following is not None and is_title_word(following))


def name_right_after(verb):
    """A person named right after the verb (`," said Don Ytterberg, the GOP chairman ...`), for
    when the parser hangs that subject on a later clause: ('name', text) or None."""
    following = [t for t in verb.doc[verb.i + 1 : verb.i + 8] if not t.is_space]
    while following and (is_title_word(following[0]) or following[0].text == "." or (
            following[0].is_lower and following[0].dep_ in ("amod", "compound", "nmod"))):
        following = following[1:]  # `said retired neurosurgeon Ben Carson, asked about ...`
    span = entity_span(following[0]) if following else None
    if span is not None and span.label_ == "PERSON" and span.start == following[0].i:
        return ("name", span.text)
    if (len(following) > 1 and following[0].is_alpha and following[0].text[:1].isupper()
            and can_speak(following[0]) and following[1].text in (",", ".", ";")):
        return ("name", following[0].text)  # `said Skelly,` with Skelly parsed as an adverb
    return None


def name_right_before(verb, region: list):
    """A person named right before a verb the parser gave no subject, set off by a comma or not
    (`In a statement to the Observer, her adviser, Jake Sullivan, said:`, with the adviser hung on
    the Observer): ('name', text) or None."""
    k = verb.i - 1
    while k >= 0 and (verb.doc[k].is_space or verb.doc[k].text == ","):
        k -= 1
    owner = appositive_owner(verb.doc[k]) if k >= 0 else None
    if owner is not None:
        k = owner.i  # `Col. Steven H. Warren, a military spokesman in Baghdad, said,`
    span = entity_span(verb.doc[k]) if k >= 0 else None
    in_region = k >= 0 and token_key(verb.doc[k]) in {token_key(t) for t in region}
    if span is None or span.label_ != "PERSON" or span.end != k + 1 or not in_region:
        return None
    return ("name", span.text)


def appositive_owner(token):
    """The name an apposition ending at `token` describes (`Warren` for `Baghdad` in `Warren, a
    military spokesman in Baghdad,`), or None when `token` ends no apposition."""
    node = token
    for _ in range(5):
        if node.dep_ == "appos" and node.head.i < node.i:
            ends_here = node.right_edge.i == token.i
            return node.head if ends_here and node.head.ent_type_ == "PERSON" else None
        if node.head is node:
            return None
        node = node.head
    return None


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def proper_name_at(token):
    """The run of proper nouns starting at `token` that the entity model left unlabelled
    (`Brent Bozell III`), as a span without a label; None when `token` is no such noun."""
    if token.pos_ != "PROPN" or token.ent_type_:
        return None
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].pos_ == "PROPN" and not token.doc[end].ent_type_:
        end += 1
    return token.doc[token.i : end]


def named_before_apposition(region: list, n: int):
    """The person named first in the clause when an apposition set off by commas ends right
    before the verb at `n`: `," Mr. Daniloff, now 81 and retired in Cambridge, Mass., said` (the
    parser may hang such a subject anywhere)."""
    words = [t for t in region[:n] if not t.is_space]
    while words and (words[0].is_punct or is_title_word(words[0])):
        words = words[1:]
    if len(words) < 3 or words[-1].text != "," or not any(t.text == "," for t in words[:-1]):
        return None
    span = entity_span(words[0]) or proper_name_at(words[0])
    if span is None or span.label_ not in ("PERSON", "") or span.start != words[0].i:
        return None
    n_after = span.end - span.start
    while len(words) > n_after and words[n_after].lower_.rstrip(".") in NAME_SUFFIXES:
        n_after += 1  # `Brent Bozell III, founder of …,`
    after = words[n_after] if len(words) > n_after else None
    return span if after is not None and after.text == "," else None


def according_to(region: list):
    """`according to X` in the region: (the word `according`, X as a raw speaker) or None."""
    for token in region:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            objects = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
            if objects:
                return token, speaker_of_token(objects[0])
    return None


def colon_speaker(region: list):
    """`Trump fired back with a statement: "..."`: the subject of the clause a colon closes, the
    last of the main clauses (`The crowd cheers, and then Wallnau continues: "..."`: Wallnau), or a
    noun phrase (`Hoff's letter makes a libertarian case: "..."`); never I, we or it. A person
    named right before the colon speaks for a subject that is no name (`The timing doesn't
    surprise pollster Daron Shaw: "..."`).
    """
    words = [t for t in region if not t.is_space]
    named_last = words[-2] if len(words) > 2 and words[-1].text == ":" else None
    named_last = named_last if named_last is not None and named_last.ent_type_ == "PERSON" else None
    tops = clause_tops(region)
    keys = {token_key(t) for t in region}
    joined = [c for t in tops for c in t.children
              if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and token_key(c) in keys]
    for root in sorted(tops + joined, key=lambda t: -t.i):
        found = subject_of(root, []) if any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children) else None
        if found and found[0] == "phrase" and named_last is not None:
            return root, speaker_of_token(named_last)
        if found and (found[0] == "phrase" or found[1] not in ("i", "we", "it")):
            return root, found
    return None


def clause_tops(region: list) -> list:
    """The verbs of a region that hang from nothing inside it: its clause's main verb, even when the
    parser hangs that clause from the quotation after the colon (`Clinton has apologized: "Yes, I
    should have ..."`)."""
    keys = {token_key(t) for t in region}
    return [t for t in region if t.pos_ in ("VERB", "AUX")
            and (t.dep_ == "ROOT" or token_key(t.head) not in keys)]


def framing_subject(quoted: list):
    """`Moore thanked him for "stepping up ..."`, `Merkel condemned "such a murderous attack"`: the
    named or pronoun subject of the verb a mid-sentence quotation hangs from when no speech verb
    frames it. A passive subject (`Trump was accused of "..."`) is no speaker. When that verb is
    inside a clause a speech verb reports, the speech verb's subject speaks (`The EU was keen to
    point out that any new tax should not hurt the "competitiveness of the airlines"`: the EU)."""
    keys = {token_key(t) for t in quoted}
    anchor = next((t.head for t in quoted if token_key(t.head) not in keys), None)
    for _ in range(4):
        if anchor is None or anchor.pos_ in ("VERB", "AUX") or anchor.head is anchor:
            break
        anchor = anchor.head
    if anchor is None or anchor.pos_ not in ("VERB", "AUX"):
        return None
    reporter = reporting_verb_above(anchor)
    if reporter is not None:  # the verb is part of someone's claim: the claimant speaks
        subject = grammatical_subject(reporter)  # before or after (`..., its chief has said`)
        found = speaker_of_token(subject) if subject is not None and token_key(subject) not in keys and (
            can_speak(subject)) else None
        return (reporter, found) if found else None
    subject = grammatical_subject(anchor)
    if subject is None or subject.dep_ != "nsubj" or subject.i >= quoted[0].i or not can_speak(subject):
        return None
    found = speaker_of_token(subject)
    if found and (found[0] == "phrase" or found[1] not in ("i", "we", "you", "it")):
        return anchor, found
    return None


def reporting_verb_above(verb, links: int = 4):
    """The speech verb whose reported clause holds `verb`, up a few clause links (`the Fed said
    that ... while the US economy appeared to be "growing ..."`: said), or None."""
    node = verb
    for _ in range(links):
        if node.dep_ == "ccomp" and is_speech_verb(node.head):
            return node.head
        if node.dep_ not in ("advcl", "conj", "xcomp", "ccomp") or node.head is node:
            return None
        node = node.head
    return None


def title_case_run_ending_at(words: list, k: int) -> str:
    """The name ending at `words[k]`: its proper-noun run, or the run of capitalised nouns the model
    tagged as common ones ("Pew Research")."""
    if words[k].pos_ == "PROPN":
        return proper_name_ending_at(words[k])
    start = k
    while start > 0 and words[start - 1].pos_ in ("NOUN", "PROPN") and words[start - 1].text[:1].isupper():
        start -= 1
    return " ".join(w.text for w in words[start : k + 1])


def label_speaker(words: list):
    """`... - Mark Blumenthal and Jon Cohen: "..."` (digests, transcripts): a name standing alone
    before the colon, after a dash, an ellipsis or at the start of the sentence, is the speaker."""
    names, k = [], len(words) - 2
    while k >= 0:
        span = entity_span(words[k])
        if span is not None and span.label_ in ("PERSON", "ORG"):
            names.append(span.text)
            k = next(j for j, w in enumerate(words) if w.i == span.start and w.doc is span.doc) - 1
        elif span is None and words[k].ent_type_ == "" and (words[k].pos_ == "PROPN" or (
                words[k].pos_ == "NOUN" and words[k].text[:1].isupper() and k > 0)):
            # a name the model left unlabelled, or tagged as title-case nouns (`- Pew Research:`)
            names.append(title_case_run_ending_at(words, k))
            k -= len(names[-1].split())
        elif names and words[k].lower_ in ("and", ","):
            k -= 1
        else:
            break
    opens_label = k < 0 or words[k].text in ("-", "—", "–", "...", "…") or words[k].text in CLAUSE_END
    if not names or not opens_label:
        return None
    return words[-1], ("name", names[0])


def cue_before(tokens: list, earlier_ok=None):
    """A speech verb before an opening mark ending in ':' or ',' (`Kirby told reporters: "`),
    `according to X,` or, before a colon, a name standing alone (`- HuffPollster: "`) or the
    subject of the clause the colon closes."""
    words = [t for t in tokens if not t.is_space]
    if not words or words[-1].text not in (":", ","):
        return None
    region = own_sentence(words)
    labelled = label_speaker(words) if words[-1].text == ":" else None
    if labelled is not None:
        return labelled
    for token in reversed(region):
        if is_speech_verb(token, beside_quotation=True):
            return token, subject_of(token, region, earlier_ok)
    found = according_to(region)
    if found is None and words[-1].text == ":":
        found = colon_speaker(region)
    return found


AGREEMENT_VERBS = frozenset({"agree", "disagree", "concur"})


def cue_in_sentence_before(tokens: list):
    """The speech verb of the sentence that ends right before a quotation in its own paragraph
    (`Dianne Bystrom agreed. "…"`, `Lau said in a statement. "…"`, `Kirby said the plan failed.
    "…"`): that sentence's main verb, with its subject."""
    words = [t for t in tokens if not t.is_space]
    if len(words) < 3 or words[-1].text != ".":
        return None
    ends = [i for i, t in enumerate(words[:-1]) if t.text in CLAUSE_END]
    region = words[(ends[-1] + 1 if ends else 0) : -1]
    for token in region:
        if token.dep_ == "ROOT" and (is_speech_verb(token) or token.lemma_ in AGREEMENT_VERBS):
            found = subject_of(token, region) if grammatical_subject(token) is not None else None
            return (token, found) if found else None
    return None


NEAR_CHARS = 60  # how far around a mark to look for the words right beside it


def words_right_before(quote: Quotation, para, index) -> list:
    """The words of its paragraph just before a quotation's opening mark (up to NEAR_CHARS)."""
    first = quote.segments[0]
    opening = first.start - first.open_len
    return [t for t in index.between(max(para.start, opening - NEAR_CHARS), opening) if not t.is_space]


def said_right_before(quote: Quotation, para, index) -> bool:
    """True when a speech verb and a comma or colon come right before the opening mark: `Mrs.
    Clinton shook her head and said, "No."` is a statement, however much it looks like a title."""
    words = words_right_before(quote, para, index)
    return len(words) > 1 and words[-1].text in (",", ":") and is_speech_verb(words[-2], True)


def shouted_right_before(quote: Quotation, para, index) -> bool:
    """True when a verb of shouting comes right before the opening mark: a crowd `chanting "Dump
    Trump."` shouts a slogan, however much it looks like a title."""
    words = words_right_before(quote, para, index)
    return bool(words) and words[-1].lemma_.lower() in SHOUTING_VERBS


def ends_its_clause(quote: Quotation, para, index) -> bool:
    """True unless the word after the closing mark carries the quotation on as part of a clause or
    a noun phrase: in `said "excess volatility" would impede growth` or `reporting "unsatisfactory"
    earnings` the quotation is no statement of its own."""
    closing = quote.segments[-1].end + quote.segments[-1].close_len
    after = [t for t in index.between(closing, min(para.end, closing + NEAR_CHARS)) if not t.is_space]
    return not after or after[0].pos_ not in ("VERB", "AUX", "NOUN", "PROPN")


def verb_right_before(tokens: list, earlier_ok=None):
    """A speech verb whose object is the quotation, right before its mark (`Obama punctuated his
    list by saying "Too many."`, `all she could do was shout "Yessss!"`), with its subject (before
    an earlier quotation too, as `subject_of` allows: `Carson shared a class called "Perception" on
    his Facebook page, writing "..."`)."""
    words = [t for t in tokens if not t.is_space]
    verb = words[-1] if words else None
    if verb is None or not is_speech_verb(verb, beside_quotation=True):
        return None
    found = subject_of(verb, own_sentence(words), earlier_ok)
    return (verb, found) if found else None


def cue_in_sentence(tokens: list):
    """A speech verb with a subject earlier in the quotation's own sentence.

    For a partial quotation inside reported speech: `Baker said the council had "broken its word"`.
    """
    region = own_sentence(tokens)
    speech_verbs = [t for t in reversed(region) if is_speech_verb(t)]
    for token in speech_verbs:
        if has_a_subject(token):
            return token, subject_of(token, region)
    for token in speech_verbs:  # `He finished it and says it "totally sucked."`, `Others ...
        # continued to warn that the "bubble may burst"`: a verb joined to another, or its
        # complement, shares that verb's subject when the subject is in this sentence's words
        subject = grammatical_subject(token) if token.dep_ in ("conj", "xcomp") else None
        shared = subject_of(token, region) if subject is not None and subject in region else None
        if shared:
            return token, shared
    return None


def is_negated(verb) -> bool:
    """True when the verb is negated (`did not say`, `never said`)."""
    return any(c.dep_ == "neg" for c in verb.children)


def has_a_subject(verb) -> bool:
    """True when the parser gave the verb a subject of its own."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def own_sentence(tokens: list) -> list:
    """The words of `tokens` after the last clause-ending punctuation: the quotation's own sentence."""
    words = [t for t in tokens if not t.is_space]
    last_break = max((i for i, t in enumerate(words) if ends_clause(t)), default=-1)
    return words[last_break + 1 :]


# --- putting it together -----------------------------------------------------------------------

INHERIT_WITHIN_PARAGRAPHS = 3


TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f",
                "sir": "m", "lord": "m", "dame": "f", "lady": "f", "baroness": "f"}  # UK honours
GENDERED_TITLE = r"(Mr|Mrs|Ms|Miss|Sir|Lord|Dame|Lady|Baroness)"
TITLE_BEFORE = re.compile(rf"\b{GENDERED_TITLE}\.?\s+$")
GENDER_WORDS = {"m": "man", "f": "woman"}


def title_gender(text: str, pos: int) -> str | None:
    """'m' or 'f' from a Mr/Mrs/Ms/Miss title (or Sir, Lord, Dame, Lady, Baroness) written right
    before (or at) a mention at `pos`."""
    found = TITLE_BEFORE.search(text[max(0, pos - 10) : pos]) or re.match(
        rf"{GENDERED_TITLE}\.?\s", text[pos : pos + 10])
    return TITLE_GENDER[found.group(1).lower()] if found else None


# Salience of a person mentioned before a he/she cue: the grammatical role of the mention, less a
# cost for every sentence between it and the cue, plus a bonus when the article's own evidence
# says the person's gender matches the pronoun. Tuned on the PolNeAR dev split only.
# nouns for a person a source is often named by alone (`A spokeswoman for Oxford University said
# …. "…," she said`): such a speaker phrase may be what a later he/she refers to; the gendered
# ones are evidence of that person's gender
PERSON_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "official", "aide", "adviser", "advisor", "source",
    "analyst", "executive", "lawyer", "attorney", "economist", "strategist", "director", "officer",
    "manager", "minister", "chairman", "chairwoman", "member", "resident", "man", "woman",
    "consultant", "representative", "diplomat", "expert", "trader", "banker", "investor",
    "employee", "worker", "professor", "researcher", "insider", "campaigner",
})
NOUN_GENDER = {"spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
               "man": "m", "woman": "f"}
DESCRIPTION = "description"  # history label of a speaker named only by such a phrase
INDEFINITE = frozenset({"a", "an", "one", "another"})
HEAD_ENDS = frozenset({"for", "of", "at", "with", "in", "from", "to", "on", "who", "that", "close"})


def phrase_head(phrase: str) -> str:
    """The head noun of a speaker phrase, lower case: its last word before a preposition or a
    relative word (`A spokeswoman for Oxford University` -> spokeswoman)."""
    words = []
    for word in phrase.replace(",", " , ").split():
        if word.lower() in HEAD_ENDS or word == ",":
            break
        words.append(word)
    return words[-1].lower().strip("'’") if words else ""
ROLE_SALIENCE = {"speaker": 2.0, "main": 2.0, "subject": 1.0, "mention": 0.0, "modifier": None}
SENTENCE_COST = 0.5
GENDER_BONUS = 0.5
MAX_SALIENCE = max(v for v in ROLE_SALIENCE.values() if v is not None) + GENDER_BONUS


def looks_like_a_person(name: str, label: str) -> bool:
    """A speaker the entity model called an organisation whose name reads as a person's
    ("Carly Fiorina", not "Goldman Sachs Group" or "Judiciary Committee")."""
    from .entities import reads_as_a_persons_name

    return label == "ORG" and reads_as_a_persons_name(name)


class SpeakerResolver:
    """Turn raw speakers into canonical names in text order.

    he/she take the most salient person mentioned before the cue (outside quotations): a speaker
    or the subject of a main clause outranks the subject of a reported clause, which outranks any
    other mention; every sentence back costs salience; a person whose gender the article itself
    shows (Mr/Ms/Mrs titles, his/her beside them, pronouns already resolved to them) gains when it
    matches the pronoun and is never taken when it contradicts it. it/they take the most recent
    organisation that spoke or was a main clause's subject. A pronoun nothing fits stays
    unresolved.
    """

    def __init__(self, mapping: dict, labels: dict, person_mentions: list[tuple[int, str]],
                 text: str = "", quoted=None, antecedents: list[tuple[int, str, str]] | None = None,
                 sentence_of=None):
        self.mapping, self.labels = mapping, labels
        if antecedents is None:
            antecedents = [(pos, name, "main") for pos, name in person_mentions]
        self.candidates = sorted((pos, name, role) for pos, name, role in antecedents
                                 if quoted is None or not quoted.contains(pos))
        self.sentence_of = sentence_of or (lambda pos: 0)
        self.person_names = sorted({e for e, lab in labels.items() if lab == "PERSON"})
        self.history: list[tuple[int, str, str]] = []
        self.organisations: list[tuple[int, str, str]] = []  # main-clause subjects: it/they
        self.evidence: dict[str, dict[str, int]] = {}
        for pos, name in person_mentions:
            found = title_gender(text, pos) if text else None
            if found:
                self.add_evidence(name, found)

    def add_candidates(self, found: list[tuple[int, str, str]]) -> None:
        """More people a pronoun may refer to: (position, name, role)."""
        self.candidates = sorted(self.candidates + found)

    def add_evidence(self, name: str, gender: str) -> None:
        """Count one sign of a person's gender (a title, his/her beside them, a resolved pronoun)."""
        counts = self.evidence.setdefault(name, {})
        counts[gender] = counts.get(gender, 0) + 1

    def gender_of(self, name: str | None) -> str | None:
        """'m' or 'f' when the article's evidence about this person points that way at least
        three times to one."""
        counts = self.evidence.get(name or "", {})
        m, f = counts.get("m", 0), counts.get("f", 0)
        if m > 3 * f:
            return "m"
        return "f" if f > 3 * m else None

    def canonical(self, name: str) -> str:
        """A raw name to the article's canonical entity: a surname, or a first name no one else
        in the article bears (`Bill` for Bill Clinton), to the one full name it fits."""
        from .entities import normalise_name

        norm = normalise_name(name)
        known = self.mapping.get(norm)
        if known and (known != norm or " " in norm or norm in self.person_names):
            return known
        matches = [p for p in self.person_names if p.endswith(" " + norm)]
        if not matches and not known and " " not in norm:
            matches = [p for p in self.person_names if p.startswith(norm + " ")]
        return matches[0] if len(matches) == 1 else norm

    def resolve(self, raw, pos: int, quoted_words: frozenset = frozenset()) -> tuple[str | None, str]:
        """(speaker, label) for a raw speaker found at `pos`; (None, '') when unresolvable.
        A pronoun never goes to a person the quotation itself names (`quoted_words`)."""
        if raw is None:
            return None, ""
        kind, value = raw
        if kind == "name":
            name = self.canonical(value)
            label = self.labels.get(name, "")
            self.history.append((pos, name, label))
            return name, label
        if kind == "phrase":
            head, first = phrase_head(value), value.split()[0].lower() if value.split() else ""
            if head in PERSON_NOUNS and first in INDEFINITE:  # `A spokeswoman for Oxford University`:
                # someone new, whom a later she may be; `the campaign manager` is someone named before
                self.history.append((pos, value, DESCRIPTION))
                if head in NOUN_GENDER:
                    self.add_evidence(value, NOUN_GENDER[head])
            return value, ""
        name, label = self.resolve_pronoun(value, pos, quoted_words)
        if name is not None:
            self.history.append((pos, name, label))  # the next "he said" may refer back to it
        return name, "" if label == DESCRIPTION else label  # a described speaker is no entity

    def salience(self, pos: int, role: str, cue_sentence: int, known: str | None, gender) -> float:
        """How likely a mention at `pos` is the referent of a pronoun in sentence `cue_sentence`."""
        bonus = GENDER_BONUS if gender is not None and known == gender else 0.0
        return ROLE_SALIENCE[role] - SENTENCE_COST * (cue_sentence - self.sentence_of(pos)) + bonus

    def resolve_pronoun(self, pronoun: str, pos: int, quoted_words: frozenset = frozenset()
                        ) -> tuple[str | None, str]:
        """he/she: the most salient fitting person before `pos` (ties: the most recent) whose
        names are not among `quoted_words` (`"You won't beat Hillary Clinton," she said` is not
        Clinton, nor is `"Hillary should do what she wants," he said`); it/they: the most recent
        organisation that spoke or was a main clause's subject;
        None when nothing fits."""
        gender = SPEAKER_PRONOUNS.get(pronoun)
        if pronoun in ("he", "she", "him", "her", "i"):
            people = [c for c in self.candidates if c[0] < pos]
            people += [(p, n, "speaker") for p, n, label in self.history
                       if (label in ("PERSON", "", DESCRIPTION) or looks_like_a_person(n, label)) and p < pos]
            here, best = self.sentence_of(pos), None
            for p, name, role in sorted(people, key=lambda c: c[0], reverse=True):  # nearest first
                reachable = MAX_SALIENCE - SENTENCE_COST * (here - self.sentence_of(p))
                if best is not None and reachable <= best[0][0]:
                    break  # none further back can be more salient (exact: all values are halves)
                known = self.gender_of(name)
                if ROLE_SALIENCE[role] is None or gender is not None and known not in (None, gender):
                    continue
                if any(word in quoted_words for word in name.split() if len(word) > 2):
                    continue
                key = (self.salience(p, role, here, known, gender), p)
                if best is None or key > best[0]:
                    best = (key, name)
            if best is None:
                return None, ""
            if gender:
                self.add_evidence(best[1], gender)
            described = any(n == best[1] and label == DESCRIPTION for _, n, label in self.history)
            return best[1], DESCRIPTION if described else "PERSON"
        spoke = [(p, name, label) for p, name, label in self.history
                 if label not in ("PERSON", DESCRIPTION) and p < pos]
        subjects = [(p, name, label) for p, name, label in self.organisations
                    if p < pos and (pronoun == "they" or label != PLURAL_SUBJECT)]
        latest = max(spoke[-1:] + subjects[-1:], default=None)
        if latest is None:
            return None, ""
        return latest[1], "" if latest[2] == PLURAL_SUBJECT else latest[2]


def cue_after_segment(text: str, segment: Segment, segments: dict[int, list[Segment]], para, index):
    """A cue right after a closed segment, read up to the next quotation in its paragraph.

    Only a quotation that ends like a statement takes a cue after it: `"...," Kirby said` or
    `"...", Kirby said`; in `lost "many" tanks, Kirby noted` the verb reports the whole clause.
    """
    after = text[segment.end + segment.close_len : para.end].lstrip()
    same_para = segments[segment.paragraph]
    k = same_para.index(segment)
    region_end = same_para[k + 1].start - same_para[k + 1].open_len if k + 1 < len(same_para) else para.end
    if not ends_with_own_punctuation(text[segment.start : segment.end]) and not after.startswith(
        tuple(",;:—–-")
    ):
        # Web copy drops the comma: `"... a battle of niches" Grubbs said.` A quotation that opens
        # its sentence still takes a cue in the words right after it.
        if k > 0 or not opens_sentence(text, segment, para):
            return None
        after_tokens = index.between(segment.end + segment.close_len, region_end)
        found = cue_after(after_tokens)
        if found is None:
            return None
        gap = [t for t in after_tokens if index.start_of(t) < index.start_of(found[0])]
        near = index.start_of(found[0]) - segment.end < 40 or subject_fills_the_gap(found[0], gap)
        return found if near else None
    after_tokens = index.between(segment.end + segment.close_len, region_end)
    ends_in_comma = text[segment.start : segment.end].rstrip().endswith(",")
    if first_sentence_ends_in_colon(after_tokens) and not ends_in_comma:
        return None  # `"We are refugees." Mr. Zahed said: "..."`: the cue introduces the next one
    found = cue_after(after_tokens)
    if found is not None and ends_with_a_stop(text[segment.start : segment.end]) and (
            reports_its_own_claim(found[0], after_tokens) or opens_a_new_sentence(found[0], after_tokens)):
        return None  # `"... no place in a campaign." Kasich said he would have fired him`
    return found


def first_sentence_ends_in_colon(tokens: list) -> bool:
    """True when the first sentence of these words ends in a colon (`Mr. Zahed said:`); a colon
    that closes a later sentence of the paragraph (`…", said Peter Schoonen. Other accounts
    include:`) introduces a list, not the next quotation."""
    words = [t for t in tokens if not t.is_space]
    if not words:
        return False
    first = [t for t in words if t.doc is words[0].doc and t.sent.start == words[0].sent.start]
    return first[-1].text == ":"


def ends_with_a_stop(quoted: str) -> bool:
    """True when quoted words end their sentence inside the marks (`.`, `!`, `?`, an inner single
    mark after it allowed: `... 'China bad.'`)."""
    return quoted.rstrip(" '’")[-1:] in (".", "!", "?")


def opens_a_new_sentence(verb, after: list) -> bool:
    """True when a comma outside the verb's own subject comes between a quotation's full stop and
    the verb: `"... falls apart." One in three women, the survey said, thought ...` is the survey's
    claim, not the quotation's cue (`"... falls apart." Mr Noone said.` is)."""
    subject = grammatical_subject(verb) or (verb.head if verb.dep_ == "acl" else None)
    inside = {token_key(t) for t in subject.subtree} if subject is not None else set()
    return any(t.text == "," and t.i < verb.i and token_key(t) not in inside for t in after)


def reports_its_own_claim(verb, after: list) -> bool:
    """True for a verb after a closed sentence that opens a new statement rather than closing the
    quotation before it: a clause it reports follows it with no comma between (`said he would`,
    `replied to him that`), it is negated, or `But`/`And` comes first."""
    words = [t for t in after if not t.is_space]
    return (any(c.dep_ == "ccomp" and c.i > verb.i and not any(
                    t.text == "," for t in verb.doc[verb.i : c.left_edge.i]) or c.dep_ == "neg"
                for c in verb.children)
            or bool(words) and words[0].pos_ == "CCONJ")


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
    speakerless, found = (found, None) if found is not None and found[1] is None else (None, found)
    opening = first.start - first.open_len
    if found is not None and ends_with_a_stop(quote.text) and (text[
            max(blocks[first.paragraph].start, opening - NEAR_CHARS) : opening].rstrip().endswith(":")
            or said_right_before(quote, blocks[first.paragraph], index)
            or closes_a_sentence_it_did_not_open(text, quote, first if first.closed else last, blocks)):
        found = None  # `Frost added: "... worsen." Analysts agreed.`, `Hayek said, "...." The star
        # then recalled ...`: the cue before introduced it, the verb after opens a new sentence;
        # `said the omission was "deeply disappointing." According to Smith, ...`: a quotation that
        # closes a sentence it did not open ends there, so the next sentence's cue is not its own
    previous = same_para[k - 1] if k > 0 else None
    region_start = previous.end + previous.close_len if previous else blocks[first.paragraph].start
    before = index.between(region_start, first.start - first.open_len)
    quoted = [(s.start - s.open_len, s.end + s.close_len) for s in same_para]

    def outside_quotations(token) -> bool:
        return not any(a <= index.start_of(token) < b for a, b in quoted)

    if not found:
        found, where = cue_before(before, outside_quotations), "cue before"
    previous_block = blocks.get(first.paragraph - 1)
    if (not found and not previous and not [t for t in before if not t.is_space]
            and previous_block is not None and previous_block.section == "body"
            and previous_block.text.endswith(":")):
        # `Cruz continued:` closing the paragraph before: the quotation is its statement
        found = cue_before(index.between(previous_block.start, previous_block.end))
    if not found and (word_count(quote.text) >= SCARE_MAX_WORDS
                      or closes_its_sentence(text, last, blocks[last.paragraph])):
        found, where = cue_in_sentence(before), "cue before"
    if not found and ends_its_clause(quote, blocks[last.paragraph], index):
        found, where = verb_right_before(before, outside_quotations), "cue before"
    if not found and not previous and ends_with_own_punctuation(quote.text):
        found, where = cue_in_sentence_before(before), "cue before"
        quote.extras["own_sentence_cue"] = found is not None  # its verb may still report a claim
    if (not found and word_count(quote.text) >= SCARE_MAX_WORDS
            and opens_mid_sentence(text, quote, blocks[first.paragraph])):
        # `Adidas has a trainer which, according to Susanne Risse, can "..."`: Risse, not Adidas
        found, where = according_to(own_sentence(before)), "cue before"
        if not found:
            found = framing_subject(index.between(first.start, first.end))
            quote.extras["own_sentence_cue"] = found is not None  # the claim around it stays indirect
    next_block = blocks.get(last.paragraph + 1)
    if (not found and k == 0 and len(same_para) == 1 and next_block is not None
            and fills_its_paragraph(text, quote, blocks[first.paragraph], blocks[last.paragraph])):
        found, where = signed_below(index.between(next_block.start, next_block.end)), "cue after"
    if not found and speakerless:
        found, where = speakerless, "cue after"  # a cue after that names no one, kept only when
        # no cue before names someone (`Kasich cautioned "...," before predicting that ...`)
    if found:
        verb, speaker = found
        quote.cue, quote.raw_speaker, quote.attribution = verb.text, as_written(speaker, text, index), where
        quote.cue_pos = index.start_of(verb)
    elif k > 0:
        quote.attribution = "continued"
    quote.extras["paragraph_rank"] = k


def fills_its_paragraph(text: str, quote: Quotation, first_para, last_para) -> bool:
    """True when nothing but the quotation stands in its paragraphs (a pull quote or epigraph)."""
    first, last = quote.segments[0], quote.segments[-1]
    return (not text[first_para.start : first.start - first.open_len].strip()
            and not text[last.end + last.close_len : last_para.end].strip(" .,\n"))


def signed_below(tokens: list):
    """`-President Obama, tweeting after Clinton's speech.` on the line under a quotation: the
    name after the dash signs it (the dash itself stands as the cue)."""
    words = [t for t in tokens if not t.is_space]
    if len(words) < 2 or words[0].text[:1] not in ("-", "—", "–"):
        return None
    for word in words[:4]:
        span = entity_span(word)
        if span is not None and span.label_ in ("PERSON", "ORG"):
            return words[0], ("name", span.text)
    if words[1].pos_ == "PROPN" and words[1].text[:1].isupper():
        return words[0], ("name", words[1].text)  # `- Sanders.`: a surname the model left unlabelled
    return None


def closes_its_sentence(text: str, segment: Segment, para) -> bool:
    """True when the quotation ends its sentence: `was "deeply disappointing."` or, UK style,
    `was 'overwhelming'.` (only the sentence's own punctuation follows the closing mark)."""
    if not segment.closed:
        return False
    after = text[segment.end + segment.close_len : para.end]
    inside_end = text[segment.start : segment.end].rstrip()[-1:]
    return bool(re.match(r"[.!?]*(\s|$)", after)) and (inside_end in ".!?" and inside_end != ""
                                                        or after[:1] in (".", "!", "?"))


def opens_sentence(text: str, segment: Segment, para) -> bool:
    """True when the quotation mark opens a sentence (its paragraph's or one after `.`, `!`, `?`)."""
    before = text[para.start : segment.start - segment.open_len].rstrip()
    return not before or before[-1] in ".!?"


def opens_mid_sentence(text: str, quote: Quotation, para) -> bool:
    """True when the opening mark follows a word or comma of the same sentence (`a "term"`)."""
    first = quote.segments[0]
    before = text[para.start : first.start - first.open_len].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;—–-(")


def closes_a_sentence_it_did_not_open(text: str, quote: Quotation, segment: Segment, blocks) -> bool:
    """True when a quotation opens mid-sentence and `segment` (the one a cue was read after) ends
    with a stop followed by a new sentence (`was "deeply disappointing." According to ...`), not by
    a cue that carries the sentence on (`— "why wouldn't you?" asked Dunn`)."""
    para = blocks[segment.paragraph]
    after = text[segment.end + segment.close_len : para.end].lstrip()
    return (ends_with_a_stop(text[segment.start : segment.end]) and after[:1].isupper()
            and opens_mid_sentence(text, quote, blocks[quote.segments[0].paragraph]))


def classify(text: str, quote: Quotation, para) -> None:
    """Short unattributed quoted terms ("demilitarize") are scare quotes, not statements.

    A short term inside a sentence is a scare quote even when American style puts the sentence's
    punctuation inside the marks (`what he called a "special military operation."`). A cue verb
    that names nobody does not make a statement of a short term that does not end like one (`remain
    in power "provisionally", and admit ...`).
    """
    if (
        (quote.attribution in ("none", "continued")
         or quote.raw_speaker is None and not ends_with_a_stop(quote.text))
        and word_count(quote.text) < SCARE_MAX_WORDS
        and (not ends_with_own_punctuation(quote.text) or opens_mid_sentence(text, quote, para))
    ):
        quote.kind, quote.attribution = "scare", "none"


TITLE_MAX_WORDS = 8
TITLE_MAX_WORDS_WITH_SUBTITLE = 14
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "with", "for", "to", "at",
                               "by", "from", "or", "vs", "vs.", "is", "&"})


WORK_NOUNS = frozenset({"movie", "film", "show", "series", "sitcom", "episode", "documentary", "book",
                        "memoir", "novel", "poem", "song", "album", "play", "musical", "podcast",
                        "programme", "program", "column", "headline", "article", "essay"})


def is_title_case(quote: Quotation, may_exclaim: bool = False) -> bool:
    """One short segment in title case (`This Week`, `13 Hours: The Secret Soldiers of Benghazi`):
    every word capitalised but the small ones, the first always; not a question or exclamation
    unless `may_exclaim` (a work named as one: `the movie "Sharknado 3: Oh Hell No!"`)."""
    words = [w.strip(",.;:'’\"") for w in quote.text.split()]
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    longest = TITLE_MAX_WORDS_WITH_SUBTITLE if ":" in quote.text else TITLE_MAX_WORDS
    return (
        len(quote.segments) == 1 and 0 < len(words) <= longest
        and (may_exclaim or not quote.text.rstrip().endswith(("!", "?")))
        and (words[0][:1].isupper() or words[0][:1].isdigit())
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)
    )


def is_title(text: str, quote: Quotation, para) -> bool:
    """A name in marks, not a statement: a short title-case run right after a word or a comma of
    the same sentence (`on ABC's "This Week,"`, `the "Planet of the Apes" star`, `his memoir,
    "An American Son."`); a subtitle after a colon allows a longer one (`"13 Hours: The Secret
    Soldiers of Benghazi,"`); one right after a word for a work may end in `!` or `?` (`acted in
    the Syfy movie "Sharknado 3: Oh Hell No!"`)."""
    first = quote.segments[0]
    before = text[para.start : first.start - first.open_len].rstrip()
    named_as_a_work = before.rsplit(None, 1)[-1].lower() in WORK_NOUNS if before else False
    return bool(before) and (before[-1].isalnum() or before[-1] in "'’,") and is_title_case(
        quote, may_exclaim=named_as_a_work)


SENTENCE_GOES_ON = re.compile(r",?\s+(?:[a-z]|(?:an?|the|whose|which|on|in)\b)")


def is_title_opening_a_sentence(text: str, quote: Quotation, para) -> bool:
    """A title-case name that opens its sentence with no attribution, the sentence going on after
    it (`"Orange Is the New Black" star Dascha Polanco opened up`, `"Tales From the Crypt," an
    HBO series, will be resurrected`, `"Billions," on Showtime, is ...`)."""
    first = quote.segments[0]
    after = text[first.end + first.close_len : para.end]
    return (quote.attribution in ("none", "continued") and first.closed
            and opens_sentence(text, first, para)
            and is_title_case(quote) and bool(SENTENCE_GOES_ON.match(after)))


def by_paragraph(segments: list[Segment]) -> dict[int, list[Segment]]:
    """Segments grouped by paragraph, each group in text order."""
    grouped: dict[int, list[Segment]] = {}
    for segment in segments:
        grouped.setdefault(segment.paragraph, []).append(segment)
    return grouped


def through_closing_mark(clause_start: int, clause_end: int, marks: list[tuple[int, int]]) -> int:
    """A clause end moved past the closing mark of a quotation that opens inside the clause, so
    `said the omission was "deeply disappointing."` is never cut inside the quotation."""
    for open_at, close_end in marks:
        if clause_start <= open_at < clause_end < close_end:
            clause_end = close_end
    return clause_end


def through_opening_mark(clause_start: int, opens: set[int], text: str) -> int:
    """A clause start moved back over the opening mark of a quotation it starts with (`opens`: where
    opening marks stand), so `said "excess volatility" would impede` keeps both marks."""
    k = clause_start
    while k > 0 and text[k - 1] in QUOTE_MARKS + "`'":
        k -= 1
    return next((pos for pos in range(k, clause_start) if pos in opens), clause_start)


def claim_around(verb, pos: int, start: int, end: int) -> tuple[int, int]:
    """The claim of a sentence whose attribution is a parenthetical (`By contrast, he noted,
    Russian citizens ...` / `Russia has lost many tanks, Kirby noted.`): the longer side of the
    sentence once the attribution (the verb and its subject) is taken out."""
    words = [t for t in verb.subtree if not t.is_punct] or [verb]
    cue_start = pos - verb.idx + words[0].idx
    cue_end = pos - verb.idx + words[-1].idx + len(words[-1].text)
    if cue_end - start <= 0 or end - cue_end >= cue_start - start:
        after = cue_end
        while after < end and verb.doc.text[after - pos + verb.idx : after - pos + verb.idx + 1] in " ,;:—–-":
            after += 1
        return (after, end) if end > after else (start, end)
    return start, cue_start


def past_dateline(clause_start: int, clause_end: int, filed_until: int) -> int:
    """A claim's start moved past a wire dateline inside it (`LONDON, March 3 (Reuters) - Oil
    prices rose …, traders said` reports that oil prices rose, not where the story was filed)."""
    return filed_until if clause_start < filed_until < clause_end else clause_start


def according_claim(parsed, index, block, token, pos: int, start: int, end: int, marks) -> list[dict]:
    """`According to X, <claim>` or `<claim>, according to X`: the claim as X's reported speech
    (the attribution phrase left out), or nothing when the phrase names no source."""
    found = according_to([token])
    if found is None:
        return []
    clause_start, clause_end = claim_around(token, pos, start, end)
    clause_start = past_dateline(clause_start, clause_end, dateline_end(parsed.blocks))
    clause_end = through_closing_mark(clause_start, clause_end, marks)
    clause_text = parsed.text[clause_start:clause_end].rstrip(" ,;:—–-.")
    if not clause_text.strip():
        return []
    return [{"pos": pos, "raw": as_written(found[1], parsed.text, index), "inherit": None,
             "cue": token.text, "paragraph": block.index, "start_char": clause_start,
             "end_char": clause_start + len(clause_text), "text": " ".join(clause_text.split())}]


def reported_words(clause) -> list:
    """The words of a reported clause without a speech verb the parser joined to it: in `said it
    was too early but added, "..."`, `but added` starts a new statement of the same speaker, and
    so does `saying` in `wrote the agents knew to brace, saying, "..."`."""
    cut = min((c.left_edge.i for c in clause.children
               if c.dep_ in ("conj", "advcl") and is_speech_verb(c)), default=None)
    words = [w for w in clause.subtree if cut is None or w.i < cut]
    while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
        words.pop()
    return words or list(clause.subtree)


def find_indirect(parsed, index, quoted_spans, cue_verbs: dict, marks=()) -> list[dict]:
    """Reported speech outside quotation marks: a speech verb with a subject and a reported clause."""
    found, opens, filed_until = [], {open_at for open_at, _ in marks}, dateline_end(parsed.blocks)
    for block, start, end, sent in parsed.sentences():
        if block.section != "body":
            continue
        for token in sent:
            pos = index.start_of(token)
            if quoted_spans.contains(pos) or token_key(token) in cue_verbs:
                continue
            if token.lower_ == "according":
                found.extend(according_claim(parsed, index, block, token, pos, start, end, marks))
                continue
            if not is_speech_verb(token) or is_put_a_question(token) or is_negated(token):
                continue  # `the actress was asked if ...`: a question, not her statement; `did not
                # say how many were being sued`: nothing was said
            reported = [verb_of_clause(c) for c in token.children if c.dep_ == "ccomp"]
            if not reported and token.dep_ != "parataxis":
                continue
            shares_a_subject = token.dep_ == "conj" and has_a_subject(token.head)  # `She describes
            # the buyout as … and says the authority will …`: the subject of the verb it joins
            raw = as_written(subject_of(token, []), parsed.text, index) if (
                has_a_subject(token) or quoted_as(token) is not None or shares_a_subject) else None
            joined_to = token.head.head if token.dep_ == "conj" and token.head.dep_ == "ccomp" else None
            if raw is None and joined_to is not None and is_speech_verb(joined_to):
                raw = as_written(subject_of(joined_to, []), parsed.text, index)  # `said X but added Y`
            inherited_from = None
            if raw is None and token_key(token.head) in cue_verbs:
                inherited_from = cue_verbs[token_key(token.head)]
            if raw is None and inherited_from is None:
                continue
            if reported:
                words = reported_words(reported[0])
                lo, hi = words[0].idx, words[-1].idx + len(words[-1].text)
                clause_start, clause_end = pos - token.idx + lo, pos - token.idx + hi
            else:
                clause_start, clause_end = claim_around(token, pos, start, end)
            # Words from the article itself (the parsed text may differ, e.g. straightened marks);
            # the comma before "Kirby said" is not part of what was reported.
            clause_start = past_dateline(through_opening_mark(clause_start, opens, parsed.text),
                                         clause_end, filed_until)
            clause_end = through_closing_mark(clause_start, clause_end, marks)
            if quoted_spans.overlap(clause_start, clause_end) >= 0.9 * (clause_end - clause_start):
                continue  # the parser took a direct quotation for the reported clause
            clause_text = parsed.text[clause_start:clause_end].rstrip(" ,;:—–-")
            found.append({
                "pos": pos, "raw": raw, "inherit": inherited_from, "cue": token.text,
                "paragraph": block.index, "start_char": clause_start,
                "end_char": clause_start + len(clause_text), "text": " ".join(clause_text.split()),
            })
    return found


TRANSCRIPT_LINE = re.compile(r"((?:MR|MRS|MS|DR)\.? )?([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}): (?=\S)")


def transcript_speaker(label: str, people: list[str]) -> str | None:
    """The one person of the article whose surname is the transcript label's last word."""
    surname = label.split()[-1].lower()
    found = [p for p in people if p.split()[-1].lower() == surname]
    return found[0] if len(found) == 1 else None


def transcript_lines(text: str, body: list, labels: dict, index) -> list[Quotation]:
    """Transcript paragraphs (`TAPPER: Do you think ...`, `MR. SMITH: ...`) without quotation
    marks: the words after the label are a direct quotation of the person the label names.

    The label must name a person the article mentions ("UPDATE:" or "BYLINE:" name nobody)."""
    people = sorted(name for name, label in labels.items() if label == "PERSON")
    found = []
    for para in body:
        match = TRANSCRIPT_LINE.match(para.text)
        if not match or any(ch in QUOTE_MARKS for ch in para.text):
            continue
        speaker = transcript_speaker(match.group(2), people)
        if speaker is None:
            continue
        start = para.start + match.end()
        segment = Segment(para.index, start, para.end, True, -1, 0, 0)
        quote = Quotation([segment], quotation_text(text, [segment]), cue=":", attribution="transcript",
                          raw_speaker=("name", speaker))
        quote.cue_pos = para.start + len(match.group().rstrip()) - 1
        found.append(quote)
    return found


def extract_speech(parsed, index, mapping: dict, labels: dict, person_mentions) -> list[dict]:
    """All direct quotations, scare quotes and indirect speech of an article, in text order."""
    text = parsed.text
    body = [b for b in parsed.blocks if b.section == "body"]
    blocks = {b.index: b for b in parsed.blocks}
    segments = find_segments(text, body)
    quotes = [Quotation(chain, quotation_text(text, chain),
                        extras={"first_text": quotation_text(text, chain[:1])})
              for chain in chain_segments(segments)]
    grouped = by_paragraph(segments)
    for quote in quotes:
        para = blocks[quote.segments[0].paragraph]
        if is_title(text, quote, para) and not said_right_before(quote, para, index) and not (
                shouted_right_before(quote, para, index)):
            quote.kind = "title"
            continue
        attribute_quotation(text, quote, grouped, blocks, index)
        if is_title_opening_a_sentence(text, quote, blocks[quote.segments[0].paragraph]):
            quote.kind = "title"
            continue
        classify(text, quote, blocks[quote.segments[0].paragraph])
    quotes += transcript_lines(text, body, labels, index)
    direct = [q for q in quotes if q.kind == "direct"]
    quoted_spans = SpanSet([(s.start - s.open_len, s.end + s.close_len) for q in direct for s in q.segments])
    cue_verbs = {}
    for q in direct:
        cue_tokens = index.between(q.cue_pos, q.cue_pos + 1) if q.cue_pos >= 0 else []
        if cue_tokens and not q.extras.get("own_sentence_cue"):
            cue_verbs[token_key(cue_tokens[0])] = q
    marks = [(s.start - s.open_len, s.end + s.close_len) for s in segments if s.closed]
    indirect = find_indirect(parsed, index, quoted_spans, cue_verbs, marks)
    starts = narrative_starts(parsed, quoted_spans)
    resolver = SpeakerResolver(mapping, labels, person_mentions, text, quoted_spans,
                               [(pos, name, role_at(index, pos)) for pos, name in person_mentions],
                               sentence_of=lambda pos: bisect_right(starts, pos))
    resolver.organisations = organisation_subjects(parsed, index, resolver, quoted_spans)
    unlabelled = unlabelled_subjects(parsed, index, resolver)
    resolver.add_candidates([c for c in unlabelled if not quoted_spans.contains(c[0])])
    for pos, name, _ in unlabelled:
        if title_gender(text, pos):
            resolver.add_evidence(name, title_gender(text, pos))
    for name, gender in pronoun_evidence(parsed, index, quoted_spans, resolver.candidates):
        resolver.add_evidence(name, gender)
    return resolve_in_order(quotes, indirect, resolver)


def narrative_starts(parsed, quoted) -> list[int]:
    """Starts of the sentences that hold some of the writer's own words: a sentence wholly inside a
    quotation is its speaker's, so it does not push that speaker further back for a pronoun."""
    starts = []
    for _, start, _, sent in parsed.sentences():
        if any(t.is_alpha and not quoted.contains(start + t.idx - sent.start_char) for t in sent):
            starts.append(start)
    return starts


# he/she, possessives and reflexives point back to a person named earlier in the sentence; an object
# him/her never does (`Kirby thanked her` is about someone else), so those are not evidence.
GENDERED_WORDS = {"he": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "herself": "f"}


def pronoun_evidence(parsed, index, quoted, candidates) -> list[tuple[str, str]]:
    """(person, 'm'/'f') for each he/his/himself or she/her/herself (possessive her only) outside
    quotations and outside reported clauses, in a sentence that has named exactly one person
    before it, as a subject ("Sanders went first, predicting ... his lead"; not `The general
    stumped for Clinton ..., his endorsement`)."""
    found, positions = [], [pos for pos, _, _ in candidates]  # candidates are in text order
    for _, start, end, sent in parsed.sentences():
        people = candidates[bisect_left(positions, start) : bisect_left(positions, end)]
        for token in sent:
            gender = GENDERED_WORDS.get(token.lower_)
            pos = index.start_of(token)
            if gender is None or quoted.contains(pos) or token.lower_ == "her" and token.tag_ != "PRP$":
                continue
            if any(t.dep_ in ("ccomp", "parataxis") for t in token.ancestors) or token.dep_ == "ccomp":
                continue  # a reported clause talks of others: `Mukasey said ... her career`
            before = {name for p, name, _ in people if p < pos}
            as_subject = {name for p, name, role in people if p < pos and role in ("main", "subject")}
            if len(before) == 1 and before == as_subject:
                found.append((before.pop(), gender))
    return found


def role_at(index, pos: int) -> str:
    """`main` for the subject of a main clause, `subject` for any other subject, `modifier` for a
    name that only qualifies a noun ("Obama consultant Cornell Belcher": Belcher is the person),
    else `mention`."""
    tokens = index.between(pos, pos + 1)
    token = tokens[0] if tokens else None
    while (token is not None and token.dep_ in ("compound", "flat") and token.head is not token
           and token.head.ent_type_ == token.ent_type_ and token.head.pos_ == "PROPN"):
        token = token.head  # along the name itself
    if token is not None and token.dep_ == "compound":
        return "modifier"
    if is_subject_at(index, pos) or is_asked(token) or is_introduced(token):
        return "main"
    while token is not None and token.dep_ == "appos" and token.head is not token:
        token = token.head
    return "subject" if token is not None and token.dep_ in ("nsubj", "nsubjpass") else "mention"


def is_introduced(token) -> bool:
    """True for a person a sentence introduces as its topic: `Then there's Axelrod.`, `As for
    Trump, he said ...`."""
    if token is None:
        return False
    head = token.head
    existential = token.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children)
    topic = (token.dep_ == "pobj" and head.lower_ == "for" and head.head.lower_ == "as"
             and head.head.dep_ == "prep")
    return existential or topic


QUESTION_VERBS = frozenset({"ask", "question", "press"})


def is_asked(token) -> bool:
    """The person a question is put to (`Conroy asked Sanders whether …`): the one expected to
    answer, so as salient for the next he/she as a main-clause subject."""
    return token is not None and token.dep_ in ("dobj", "dative") and token.head.lemma_ in QUESTION_VERBS


def verb_of_clause(clause):
    """A reported clause's head, past a noun the parser made its head (`told BBC Radio 4's Today
    programme the US had acted`: the clause is `the US had acted`, not `Today programme …`)."""
    if clause.pos_ not in ("NOUN", "PROPN"):
        return clause
    inner = [c for c in clause.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    return inner[0] if inner else clause


def is_put_a_question(verb) -> bool:
    """`the actress was asked if she had ...`, `Asked by Matt Lauer whether she had ...`: a passive
    question verb, whose subject is the one asked; what follows is the question, not their
    statement, and the one who asked is no speaker a he/she after it should go to."""
    if verb.lemma_.lower() not in QUESTION_VERBS:
        return False
    subjects = {c.dep_ for c in verb.children}
    return "nsubjpass" in subjects or verb.tag_ == "VBN" and "nsubj" not in subjects


PLURAL_SUBJECT = "plural"


def organisation_subjects(parsed, index, resolver, quoted) -> list[tuple[int, str, str]]:
    """(position, name, label) of each organisation that is a main clause's subject in the writer's
    own words (`Still, the Business Council of British Columbia opposed an increase.`): an
    antecedent for a later it/they. A plural noun subject (`The tobacco companies deny …`) is
    kept too, labelled `plural`, as an antecedent for they only."""
    found = []
    for block, start, token in parsed.tokens():
        if (token.dep_ not in ("nsubj", "nsubjpass") or block.section != "body"
                or quoted.contains(start) or not is_subject_at(index, start)):
            continue
        span = entity_span(token)
        if span is not None and span.label_ == "ORG":
            name = resolver.canonical(span.text)
            found.append((index.start_of(token.doc[span.start]), name, resolver.labels.get(name, "ORG")))
        elif span is None and token.tag_ == "NNS":
            raw = as_written(speaker_of_token(token), parsed.text, index)
            if raw is not None and raw[0] == "phrase":
                found.append((start, raw[1], PLURAL_SUBJECT))
    return found


def unlabelled_subjects(parsed, index, resolver) -> list[tuple[int, str, str]]:
    """Subjects that name a person the entity model missed there: a proper name left unlabelled
    ("Ms. Nwanguma, 21, ... held up her signs") or the surname of a person the article names
    elsewhere, whatever the model made of it ("Fields did not reply"). (position, name, role)."""
    people = set(resolver.person_names)
    found = []
    for block, start, token in parsed.tokens():
        if token.dep_ not in ("nsubj", "nsubjpass") or not can_speak(token) or block.section != "body":
            continue  # a title-case headline reads as one long proper name
        surname = resolver.canonical(token.text) if token.text[:1].isupper() else ""
        if surname in people and token.ent_type_ != "PERSON":
            found.append((start, surname, role_at(index, start)))
        elif token.lower_ in KIN_NOUNS and is_subject_at(index, start) and (
                named := proper_name_in_apposition(token)) is not None:
            found.append((index.start_of(named[0]), resolver.canonical(named.text), role_at(index, start)))
        elif token.pos_ == "PROPN" and not token.ent_type_ and is_subject_at(index, start):
            named = person_in_apposition(token)  # `Former Hewlett-Packard CEO Carly Fiorina`
            name = named.text if named is not None else proper_name_ending_at(token)
            first = named[0] if named is not None else token.doc[token.i - len(name.split()) + 1]
            found.append((index.start_of(first), resolver.canonical(name), "main"))
        elif token.ent_type_ == "ORG" and is_subject_at(index, start) and (
                named := person_tagged_as_organisation(token)) is not None:
            found.append((index.start_of(named[0]), resolver.canonical(named.text), "main"))
    return found


ROLE_NOUNS = frozenset({"boss", "coach", "chief", "leader", "founder", "president", "captain",
                        "governor", "senator", "candidate", "nominee", "head", "star", "player"})


def person_tagged_as_organisation(token):
    """`Villa boss Unai Emery was less happy`: a name the model tagged as an organisation that
    reads as a person's and follows a noun for their role, as a Span, or None."""
    from .entities import reads_as_a_persons_name

    span = entity_span(token)
    role = any(c.dep_ == "compound" and c.lower_ in PERSON_NOUNS | ROLE_NOUNS for c in token.children)
    return span if span is not None and role and reads_as_a_persons_name(span.text) else None


KIN_NOUNS = frozenset({"wife", "husband", "daughter", "son", "mother", "father", "sister", "brother",
                       "widow", "widower", "grandson", "granddaughter", "niece", "nephew"})


def proper_name_in_apposition(token):
    """`Trump's wife, Melania,`: the proper name in apposition to a word for a relative, whatever
    label the model gave it (a person, as the article says), as a Span, or None."""
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            span = entity_span(child)
            return span if span is not None else child.doc[child.i : child.i + 1]
    return None


def person_in_apposition(token):
    """The person named in apposition to `token` (`CEO Carly Fiorina`, which the model may label an
    organisation when its name reads as a person's), as a Span, or None."""
    for child in token.children:
        span = entity_span(child) if child.dep_ == "appos" else None
        if span is not None and (span.label_ == "PERSON" or looks_like_a_person(span.text, span.label_)):
            return span
    return None


def is_subject_at(index, pos: int) -> bool:
    """True when the name starting at `pos` is the subject of its sentence's main clause (not of
    a reported clause: in `Earnest said Obama was not targeting Trump`, Earnest only)."""
    tokens = index.between(pos, pos + 1)
    if not tokens:
        return False
    token = tokens[0]
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    for _ in range(3):  # "Bloomberg's pollster, Douglas Schoen, says": Schoen is the subject;
        if token.dep_ != "appos":  # `The other man, his cousin James York, 40, cited`: York
            break
        token = token.head
    verb = token.head
    main = verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT" or (
        introduces_with_a_colon(verb))
    reported = any(child.lower_ == "according" for child in verb.children)  # X's claim, not X
    return token.dep_ in ("nsubj", "nsubjpass") and main and not reported


def introduces_with_a_colon(verb) -> bool:
    """True for a clause the parser hangs from the cue of the quotation its colon introduces:
    `Rhimes declared the need for strong will: "…," she said` is a main clause, not reported."""
    return verb.dep_ == "ccomp" and verb.head.i > verb.i and any(
        t.text == ":" for t in verb.doc[verb.i + 1 : verb.head.i])


def resolve_in_order(quotes, indirect, resolver: SpeakerResolver) -> list[dict]:
    """Resolve every speaker in text order so pronouns see only earlier names; then each row's
    speaker gender from everything the article showed about that person."""
    events = [(q.segments[0].start, "q", q) for q in quotes] + [
        (item["pos"], "i", item) for item in indirect
    ]
    rows, last_direct, inheriting = [], None, []
    for _pos, kind, item in sorted(events, key=lambda e: e[0]):
        if kind == "q":
            rows.append(direct_row(item, resolver, last_direct))
            if item.kind == "direct":
                last_direct = (item, rows[-1])
        elif item["raw"] is None:
            inheriting.append(item)  # its quotation may come later in the sentence: after the loop
        else:
            rows.append(indirect_row(item, resolver))
    rows += [indirect_row(item, resolver) for item in inheriting]
    for row in rows:
        person = row["speaker"] if row["speaker_label"] == "PERSON" else None
        row["speaker_gender"] = GENDER_WORDS.get(resolver.gender_of(person), "unknown")
    return sorted(rows, key=lambda r: (r["start_char"], r["kind"]))


def direct_row(quote: Quotation, resolver: SpeakerResolver, last_direct) -> dict:
    """A quotes-table row for a direct or scare quotation, speaker resolved."""
    speaker, label = None, ""
    first, last = quote.segments[0], quote.segments[-1]
    if quote.kind == "direct":
        if quote.raw_speaker is not None:
            speaker, label = resolver.resolve(quote.raw_speaker, quote.cue_pos, frozenset(
                re.findall(r"[\w-]+(?=[’']s\b)|[\w’'-]+", quote.extras.get("first_text", quote.text))))
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
