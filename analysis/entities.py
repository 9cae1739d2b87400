"""Named-entity mentions and their canonical names within one article.

spaCy finds the mentions; this module merges the forms news copy uses for one referent
("Kirby", "Mr. Putin", "Putin's", "the Pentagon") into one canonical name per article,
and applies an analyst's optional overrides file (aliases, labels, exclusions).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .discourse import is_subject
from .entity_forms import titled_people, variant_map
from .errors import ArticleError
from .structure import dateline_end
from .text import is_format_char

NAMED_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
)
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "baroness", "cllr", "gen", "col", "lt", "sgt",
    "capt", "adm", "sen", "rep", "gov", "prof", "president", "spokesman", "spokeswoman", "secretary",
}
# Titles that stand before a ruler's or cleric's name, stripped from people only ("Tsar Peter the
# Great"), since places carry them too ("Prince Edward Island", "King County").
RANK_TITLES = {"tsar", "czar", "king", "queen", "emperor", "empress", "pope", "prince", "princess",
               "sultan", "shah", "bishop", "archbishop", "cardinal", "rabbi", "imam", "sheikh", "abba"}
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
POSSESSIVE = re.compile(r"'s?$")
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$")  # U.S., U.K., D.C.: the final period is part of it
EDGE_PUNCTUATION = " .,;:-'\""


@dataclass
class Overrides:
    """An analyst's corrections for one article: alias -> canonical, label fixes, exclusions."""

    aliases: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    exclude: set[str] = field(default_factory=set)


def overrides_path_for(article: Path) -> Path:
    """The overrides file that sits next to an article: `<name>.overrides.toml`."""
    return article.with_name(article.stem + ".overrides.toml")


def read_overrides_text(path: Path | None) -> str:
    """The overrides file's text ('' when there is none); a one-line ArticleError when unreadable."""
    if path is None or not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArticleError(f"overrides file {path.name} is not UTF-8 text") from None
    except OSError as exc:
        raise ArticleError(f"cannot read overrides file {path.name}: {exc.strerror}") from None


def load_overrides(path: Path | None) -> Overrides:
    """Read an overrides TOML file; a missing file means no overrides, a malformed one an ArticleError."""
    return overrides_from_text(read_overrides_text(path), path.name if path else "")


def overrides_from_text(text: str, name: str) -> Overrides:
    """Overrides from the TOML text of the file called `name` (read here or elsewhere); '' = none."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ArticleError(f"overrides file {name} is not valid TOML: {exc}") from None
    return overrides_from(data, name)


def overrides_from(data: dict, name: str) -> Overrides:
    """Check the parsed file and build the Overrides; a wrong shape is an ArticleError, never ignored."""
    unknown = sorted(set(data) - {"aliases", "labels", "exclude"})
    if unknown:
        raise ArticleError(f"overrides file {name}: unknown key {unknown[0]!r} "
                           "(expected [aliases], [labels] and exclude)")
    for table in ("aliases", "labels"):
        value = data.get(table, {})
        if isinstance(value, dict) and "exclude" in value:
            # TOML puts a key written below a [table] header inside that table.
            raise ArticleError(f"overrides file {name}: write `exclude = [...]` above [aliases] and "
                               f"[labels], not inside [{table}]")
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ArticleError(f"overrides file {name}: [{table}] must map names to strings")
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise ArticleError(f"overrides file {name}: exclude must be a list of names")
    return Overrides(
        aliases={normalise_name(k): v for k, v in data.get("aliases", {}).items()},
        labels=dict(data.get("labels", {})),
        exclude={normalise_name(x) for x in exclude},
    )


TRAILING_FUNCTION_WORDS = {"of", "and", "the", "in", "at", "for", "to", "from", "on", "with", "a", "an"}


SPACED_DASH = re.compile(r"\s[-–—]\s")
REGNAL = re.compile(r" [IVX]+$")  # "Abbas II" is not the "Abbas" (the Great) the article also names


def normalise_name(text: str, label: str = "") -> str:
    """Surface form to a comparable name: no leading 'the', trailing 'of', possessive or title; one space.

    Stray punctuation at either end goes, but an abbreviation keeps its last period ("the U.S."
    becomes "U.S.", not "U.S"). A span the model ran across a spaced dash stops at it.
    """
    text = "".join(ch for ch in text if not is_format_char(ch))  # soft hyphens: `Doug \xadAndres`
    text = SPACED_DASH.split(text)[0]  # `Deborah Jordan Reynolds - Santilli's girlfriend`: no name
    words = " ".join(text.translate(APOSTROPHES).split()).split(" ")
    if words and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in TRAILING_FUNCTION_WORDS:
        words = words[:-1]  # the model's span sometimes takes the next word: `Juan Manriquez of`
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLES
                              or label == "PERSON" and words[0].lower() in RANK_TITLES):
        words = words[1:]
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1]) or words[-1]
    name = " ".join(words).strip(EDGE_PUNCTUATION)
    if ABBREVIATION.search(name + "."):
        name += "."
    return name


# Words that make a longer name a body of its own, not a longer form of the one-word name: "House"
# is not "House Appropriations Committee", "NHS" not "NHS Confederation", "US" not "US Treasury".
BODY_HEADS = {
    "committee", "subcommittee", "commission", "council", "confederation", "department", "agency",
    "office", "board", "bureau", "caucus", "court", "division", "panel", "service", "foundation",
    "institute", "university", "school", "exchange", "treasury", "senate", "union", "authority",
    "ministry", "party", "radio", "daily", "news", "reserve", "government", "administration",
    "market", "trust", "federation", "association", "conference", "club",
    # events, prizes and works named after a body: "Google Science Fair", "Fox News Sunday"
    "fair", "festival", "award", "awards", "prize", "cup", "games", "championship", "series",
    "show", "museum", "library", "stadium", "arena", "center", "centre", "program", "programme",
    "project", "fund", "review", "magazine", "sunday", "collection", "collections", "exhibit",
}


def is_longer_form_of(short: str, long: str) -> bool:
    """True when `long` is a longer form of the one-word `short` ("Altria" / "Altria Group",
    "Nissan" / "Nissan Motor"), not a body within or named after it (see BODY_HEADS, "X of Y")."""
    if not long.startswith(short + " "):
        return False
    rest = [w.lower() for w in long[len(short):].split()]
    return "of" not in rest and not any(w in BODY_HEADS for w in rest)


COMPANY_WORDS = frozenset({"group", "inc", "corp", "company", "bank", "times", "post", "journal",
                           "network", "center", "centre", "campaign", "media", "press", "capital",
                           # heads of company and club names, never of a person's
                           "technologies", "technology", "industries", "systems", "airlines",
                           "airways", "motors", "holdings", "partners", "solutions", "energy",
                           "united", "international", "software", "entertainment", "studios",
                           "pharmaceuticals", "communications", "records", "labs"})
PLACE_LABELS = ("GPE", "LOC", "NORP", "FAC")


def reads_as_a_persons_name(name: str) -> bool:
    """Two or three capitalised words, none of them a body's or company's head: "Carly Fiorina",
    not "Goldman Sachs Group" or "Judiciary Committee" (the model often calls a person an ORG)."""
    words = name.split()
    return (2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)
            and not any(w.lower() in BODY_HEADS | COMPANY_WORDS or w.isupper() for w in words))


def full_name_for(name: str, full_names: set[str], rivals: set[str], place_like: set[str],
                  places: set[str] = frozenset(), headline: set[str] = frozenset(),
                  once: set[str] = frozenset()) -> str | None:
    """The one person's full name a one-word `name` stands for: the surname of exactly one full
    name ("Kirby"), or, when no full name ends in it and it is no place, the first name of exactly
    one ("Bill" for Bill Clinton), else the inner word of exactly one (the first of two family
    names: "Acosta" for Melba Acosta Febo). None when two people share it, or when a name the model
    labelled otherwise but that reads as a person's (`rivals`: "Carly Fiorina" tagged ORG beside
    "Frank Fiorina") shares it, or when the article calls the name a place most of the time
    (`places`: "Washington" is not George Washington). A surname several people share, or a first
    name several full names open, goes to the one the headline names when each of the others is
    named once only (a life of Matthew Goode that lists his children; see `headline_person`)."""
    if name in places:
        return None
    people = sorted(full for full in full_names if full.endswith(" " + name))
    if people:
        shared = [r for r in rivals if r.endswith(" " + name) and r not in full_names]
        if len(people) > 1 and not shared and headline_person(people, headline, once):
            return headline_person(people, headline, once)
        return people[0] if len(people) == 1 and not shared else None
    if " " in name or name in place_like or any(r.endswith(" " + name) for r in rivals):
        return None
    firsts = sorted(full for full in full_names if full.startswith(name + " ") and not REGNAL.search(full))
    if firsts:
        return firsts[0] if len(firsts) == 1 else headline_person(firsts, headline, once)
    middles = [full for full in full_names if name in full.split()[1:-1]]
    return middles[0] if len(middles) == 1 else None


def headline_person(people: list[str], headline: set[str], once: set[str]) -> str | None:
    """The one of `people` the headline names, when it is named again below and every other is
    named once only: the story's subject, beside relatives listed in passing. None when Bill
    Clinton is quoted in a story whose headline names Hillary ("Clinton" stays unresolved), or
    when the headline's "person" is a misreading found nowhere else ("Will Sanders fight on?")."""
    named = [p for p in people if p in headline]
    if len(named) == 1 and named[0] not in once and all(p in once for p in people if p != named[0]):
        return named[0]
    return None


def surnames_of(full_names: set[str]) -> set[str]:
    """The last word of every full name: a one-word name among them is a person even when two
    people share it ("Ebeling" for Betsy and Tom Ebeling) and the model called it an ORG."""
    return {full.rsplit(" ", 1)[1] for full in full_names}


def canonical_map(names_with_labels: list[tuple[str, str]],
                  headline: set[str] = frozenset()) -> dict[str, str]:
    """Map each normalised name to its canonical form: first another form of one name (see
    `entity_forms.variant_map`), then a surname or first name to the one full name it fits (see
    `full_name_for`), a one-word organisation ("Altria") to the one longer organisation name
    starting with it ("Altria Group"), unless that longer name is a body of its own ("House
    Appropriations Committee", see `is_longer_form_of`)."""
    variants = variant_map(names_with_labels)
    base = direct_canonical_map([(variants[name], label) for name, label in names_with_labels],
                                {variants[name] for name in headline if name in variants})
    return {name: base[variants[name]] for name, _ in names_with_labels}


def direct_canonical_map(names_with_labels: list[tuple[str, str]],
                         headline: set[str] = frozenset()) -> dict[str, str]:
    """`canonical_map` for names already in their base form (`headline`: the names it holds)."""
    full_names = {name for name, label in names_with_labels if label == "PERSON" and " " in name}
    rivals = {name for name, label in names_with_labels
              if label != "PERSON" and label not in PLACE_LABELS and reads_as_a_persons_name(name)}
    long_orgs = {name for name, label in names_with_labels if label == "ORG" and " " in name}
    place_like = {name for name, label in names_with_labels if label in PLACE_LABELS}
    counts = Counter(name for name, _ in names_with_labels)
    place_votes = Counter(name for name, label in names_with_labels if label in ("GPE", "LOC", "FAC"))
    places = {name for name, votes in place_votes.items() if 2 * votes > counts[name]}  # most of the time
    once = {name for name in full_names if counts[name] == 1}
    mapping = {}
    for name, _ in names_with_labels:
        if name in full_names or name in mapping:
            mapping.setdefault(name, name)
            continue
        person = full_name_for(name, full_names, rivals, place_like, places, headline, once)
        orgs = sorted(org for org in long_orgs if org.startswith(name + " "))
        if person:
            mapping[name] = person
        elif (name not in surnames_of(full_names) and len(orgs) == 1 and is_longer_form_of(name, orgs[0])
              and " " not in name and name not in place_like):
            mapping[name] = orgs[0]
        else:
            mapping[name] = name
    return mapping


def choose_labels(labels_by_entity: dict[str, list[str]], person_names: set[str]) -> dict[str, str]:
    """One label per entity: majority vote, PERSON when linked to a PERSON full name, ties by name."""
    chosen = {}
    for entity, labels in labels_by_entity.items():
        if entity in person_names:
            chosen[entity] = "PERSON"
            continue
        counts = Counter(labels)
        chosen[entity] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return chosen


CAPITALISED_LABELS = {"PERSON", "NORP", "GPE", "LOC", "FAC"}


PERSON_MAX_WORDS = 5  # "Andrés Manuel López Obrador" is four; a title-case headline is longer


PARTY_TAG = re.compile(r"[DRI]-[A-Z][A-Za-z.]*")  # `D-Wash.`, `R-Ky.`, `D-N.Y.` after a US politician


def looks_like_a_name(name: str, label: str) -> bool:
    """Drop spans the model mislabels: no letters at all, a person or place not capitalised
    ("280bn" tagged PERSON), a "person" longer than any name (a title-case headline), or a
    party-and-state tag (`Patty Murray, D-Wash.,`: no place of its own).
    Organisations and products may start lower-case ("eBay")."""
    if not name or not any(ch.isalpha() for ch in name) or PARTY_TAG.fullmatch(name):
        return False
    if label == "PERSON" and len(name.split()) > PERSON_MAX_WORDS:
        return False
    return label not in CAPITALISED_LABELS or name[0].isupper()


def raw_mentions(parsed) -> list[dict]:
    """Every named-entity span spaCy found, with absolute offsets and its block, bar the wire
    dateline opening the first body paragraph (`WASHINGTON (AP) —`).

    The mention's text is read from the article at those offsets, not from the parsed Doc, so it
    is exactly what the article says even if the parser saw a normalised copy.
    """
    found = []
    first_body = next((b for b in parsed.blocks if b.section == "body"), None)
    filed_until = dateline_end(parsed.blocks)
    for piece in parsed.pieces:
        for ent in piece.doc.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            if piece.block is first_body and piece.offset + ent.start_char < filed_until:
                continue  # the dateline is structure (place and agency of filing), not a mention
            surface = parsed.text[piece.offset + ent.start_char : piece.offset + ent.end_char]
            name = normalise_name(surface, ent.label_)
            if not looks_like_a_name(name, ent.label_):
                continue
            found.append({
                "text": surface,
                "name": name,
                "spacy_label": ent.label_,
                "section": piece.block.section,
                "paragraph": piece.block.index,
                "start_char": piece.offset + ent.start_char,
                "end_char": piece.offset + ent.end_char,
                "subject": is_subject(ent),
            })
    return found


def title_forms(mentions: list[dict], mapping: dict, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """A title used alone as a name ("the Tsar") -> the one person the article gives that title."""
    people = {n for n, label in pairs if label == "PERSON"}
    written = [(m.get("text", m["name"]), mapping[m["name"]]) for m in mentions]
    surfaces = [(text[4:] if text.lower().startswith("the ") else text, person)
                for text, person in written if person in people]
    titled = titled_people(surfaces, TITLES | RANK_TITLES)
    return {name: next(iter(titled[name.lower()])) for name in mapping
            if mapping[name] == name and len(titled.get(name.lower(), ())) == 1}


def resolve_entities(mentions: list[dict], overrides: Overrides) -> tuple[dict, dict]:
    """(name -> canonical entity, entity -> label) for the article's mentions, overrides applied."""
    pairs = [(m["name"], m["spacy_label"]) for m in mentions]
    mapping = canonical_map(pairs, {m["name"] for m in mentions if m.get("section") == "headline"})
    mapping.update(title_forms(mentions, mapping, pairs))
    for name in mapping:
        if name in overrides.aliases:
            mapping[name] = overrides.aliases[name]
    labels_by_entity: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        labels_by_entity[mapping[m["name"]]].append(m["spacy_label"])
    person_full = {n for n, label in pairs if label == "PERSON" and " " in n}
    linked_to_person = {mapping[n] for n in mapping if mapping[n] in person_full}
    labels = choose_labels(labels_by_entity, linked_to_person)
    for surname in surnames_of(person_full):
        if mapping.get(surname) == surname and labels[surname] not in PLACE_LABELS:
            labels[surname] = "PERSON"  # shared by two people, still a person
    labels.update({k: v for k, v in overrides.labels.items() if k in labels})
    for name in list(mapping):
        if name in overrides.exclude or mapping[name] in overrides.exclude:
            mapping[name] = None
    return mapping, labels
