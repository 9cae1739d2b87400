"""The other forms one article gives a name, joined to the name they stand for.

Each rule joins a form only when the article names exactly one thing it can stand for: an
all-capitals "NORTON" joins "Norton", a fuller "Joshua Abraham Norton" joins "Joshua Norton", an
acronym "KPA" joins "Korean People's Army", a team's nickname "Red Sox" joins "Boston Red Sox", a
title alone ("the Tsar") joins the one person the article gives that title. `entities.canonical_map`
then links surnames and first names to full names.
"""

from __future__ import annotations

from collections import Counter, defaultdict

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Letters after a name that are honours or degrees, not part of it: "Daniel Bernoulli FRS".
POSTNOMINALS = {"FRS", "OBE", "MBE", "CBE", "KBE", "DBE", "PhD", "QC", "KC", "MP"}  # "Jr" tells two men apart
ACRONYM_SKIPPED = {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le"}
# One-word heads that name a kind of body, not a team or brand: "Committee" is no nickname.
GENERIC_TAILS = {
    "committee", "council", "department", "party", "bank", "times", "post", "news", "group",
    "press", "agency", "association", "university", "college", "school", "church", "foundation",
    "institute", "ministry", "office", "court", "club", "company", "service", "league", "union",
}


def majority_labels(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each name's most frequent label among its own mentions (ties by label name)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for name, label in pairs:
        votes[name][label] += 1
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for name, c in votes.items()}


def without_postnominals(name: str) -> str:
    """A person's name without honours or degrees after it ("Daniel Bernoulli FRS")."""
    words = name.split()
    while len(words) > 2 and words[-1] in POSTNOMINALS:
        words = words[:-1]
    return " ".join(words)


def is_fuller_form(long: str, short: str) -> bool:
    """True when `long` adds middle names to `short`: same first and last word, and every word of
    `short` in `long` in order ("Matthew William Goode" / "Matthew Goode")."""
    a, b = long.split(), short.split()
    if len(a) <= len(b) or len(b) < 2 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    rest = iter(a)
    return all(word in rest for word in b)


def person_variants(people: set[str]) -> dict[str, str]:
    """Each full person's name to the shortest form of it the article uses (postnominals dropped,
    middle names dropped when exactly one shorter form fits)."""
    base = {name: without_postnominals(name) for name in people}
    forms = set(base.values())
    mapping = {}
    for name, plain in base.items():
        shorter = sorted(f for f in forms if is_fuller_form(plain, f))
        mapping[name] = shorter[0] if len(shorter) == 1 else plain
    return mapping


def initials(name: str) -> str:
    """The capital initials of a name's words, function words skipped ("KPA")."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in ACRONYM_SKIPPED
                   and w[:1].isupper())


def acronym_target(name: str, long_names: set[str]) -> str | None:
    """The one longer name whose initials spell `name` ("U.S." -> "United States")."""
    letters = name.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return None
    found = sorted(n for n in long_names if initials(n) == letters)
    return found[0] if len(found) == 1 else None


def tail_target(name: str, long_orgs: set[str], places: set[str]) -> str | None:
    """The one longer organisation name that is a place followed by `name` ("Red Sox" ->
    "Boston Red Sox", Boston being a place the article names), unless the name is a generic
    head ("Committee") or lower-case. "Chathams" is not "Air Chathams"."""
    if not name[:1].isupper() or name.lower() in GENERIC_TAILS:
        return None
    found = sorted(org for org in long_orgs if org.endswith(" " + name) and org[:-len(name) - 1] in places)
    return found[0] if len(found) == 1 else None


def capitals_target(name: str, names: set[str]) -> str | None:
    """The name an all-capitals form stands for ("NORTON" -> "Norton"), when the article uses it."""
    if not (name.isupper() and name.isalpha() and len(name) > 3):
        return None
    titled = name.title()
    return titled if titled in names else None


def dotted_forms(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Names that differ only in their full stops ("US", "U.S."), each to the one written most
    (ties: the dotted one, as house styles that dot do so throughout)."""
    counts = Counter(name for name, _ in pairs)
    by_letters: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        by_letters[name.replace(".", "")].append(name)
    return {name: sorted(forms, key=lambda f: (-counts[f], -f.count("."), f))[0]
            for forms in by_letters.values() if len(forms) > 1 for name in forms}


def variant_map(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each name to the name it is another form of (itself when none): full stops ("US" and
    "U.S."), all capitals, fuller names and postnominals, acronyms (a place's for a place: "US"
    is not "University of Sheffield"), nicknames. Places are never folded into an organisation."""
    dotted = dotted_forms(pairs)
    pairs = [(dotted.get(name, name), label) for name, label in pairs]
    labels = majority_labels(pairs)
    names = set(labels)
    people = {n for n, label in labels.items() if label == "PERSON" and " " in n}
    multi_word = {n for n, label in labels.items() if " " in n and label not in ("PERSON", "NORP")}
    places = {n for n, label in labels.items() if label in PLACE_LABELS}
    surnames = {p.rsplit(" ", 1)[1] for p in people}  # "Sanders" is no nickname of "New Hampshire Sanders"
    long_orgs = {n for n, label in labels.items() if label == "ORG" and " " in n}
    mapping = dict(person_variants(people))
    for name, label in labels.items():
        if name in mapping:
            continue
        target = capitals_target(name, names)
        if target is None and label not in PLACE_LABELS + ("PERSON", "NORP") and name not in surnames:
            target = tail_target(name, long_orgs, places)
        if target is None and label != "PERSON":
            same_kind = {n for n in multi_word if (labels[n] in PLACE_LABELS) == (label in PLACE_LABELS)}
            target = acronym_target(name, same_kind)
        mapping[name] = target or name
    mapping = {name: mapping.get(target, target) for name, target in mapping.items()}
    return mapping | {name: mapping[form] for name, form in dotted.items()}


def titled_people(surfaces: list[tuple[str, str]], titles: set[str]) -> dict[str, set[str]]:
    """For each title word, the people whose mentions the article writes with it: "Tsar Peter
    the Great" gives {"tsar": {"Peter the Great"}}; `surfaces` are (text, canonical person)."""
    found: dict[str, set[str]] = defaultdict(set)
    for text, person in surfaces:
        words = text.split()
        if len(words) > 1 and words[0].lower().rstrip(".") in titles:
            found[words[0].lower().rstrip(".")].add(person)
    return found
