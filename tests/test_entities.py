"""Entity names: normalisation, surname merging, one label per entity, per-article overrides."""

from __future__ import annotations

import pytest

from analysis.entities import (
    Overrides,
    canonical_map,
    choose_labels,
    load_overrides,
    looks_like_a_name,
    normalise_name,
    resolve_entities,
)
from analysis.errors import ArticleError
from analysis.structure import dateline_length


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("the Pentagon", "Pentagon"),
        ("The Pentagon", "Pentagon"),
        ("Putin's", "Putin"),
        ("Putin’s", "Putin"),
        ("Jones'", "Jones"),
        ("Mr. Putin", "Putin"),
        ("Mr Putin", "Putin"),
        ("Mrs. May's", "May"),
        ("President Vladimir Putin", "Vladimir Putin"),
        ("  John   Kirby ", "John Kirby"),
        ("the Sea of Azov", "Sea of Azov"),
        ('Juan "Chico" Manriquez of', 'Juan "Chico" Manriquez'),  # the model's span ran one word on
        ("Moscow's Luzhniki Stadium", "Moscow's Luzhniki Stadium"),  # only a final possessive goes
        ("St. Petersburg", "St. Petersburg"),
        ("Kirby,", "Kirby"),
        ("the U.S.", "U.S."),  # an abbreviation keeps its final period
        ("U.K.", "U.K."),
        ("the U.S.'s", "U.S."),
        ("Doug \u00adAndres", "Doug Andres"),  # a soft hyphen left in web copy
        ("Washington D.C.", "Washington D.C."),
        ("the", ""),
        ("Mr.", "Mr"),  # a title alone is not dropped (nothing would be left)
        ("Deborah Jordan Reynolds - Santilli", "Deborah Jordan Reynolds"),  # a span run across a dash
        ("Jean-Pierre", "Jean-Pierre"),
    ],
)
def test_normalise_name(surface, expected):
    assert normalise_name(surface) == expected


def test_surname_merges_with_the_one_full_name():
    pairs = [("John Kirby", "PERSON"), ("Kirby", "ORG"), ("Pentagon", "ORG")]
    assert canonical_map(pairs) == {"John Kirby": "John Kirby", "Kirby": "John Kirby",
                                    "Pentagon": "Pentagon"}


def test_ambiguous_surname_is_not_merged():
    pairs = [("John Smith", "PERSON"), ("Mary Smith", "PERSON"), ("Smith", "PERSON")]
    assert canonical_map(pairs)["Smith"] == "Smith"


def test_surname_needs_a_person_full_name():
    # "Kirby Street" is not a person: "Kirby" stays itself.
    assert canonical_map([("Kirby Street", "FAC"), ("Kirby", "PERSON")])["Kirby"] == "Kirby"


def test_part_of_a_word_is_not_a_surname():
    assert canonical_map([("John Kirby", "PERSON"), ("Irby", "PERSON")])["Irby"] == "Irby"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["ORG", "GPE", "ORG"], "ORG"),
        (["GPE", "ORG"], "GPE"),  # a tie goes to the alphabetically first label
        (["NORP"], "NORP"),
    ],
)
def test_majority_label(labels, expected):
    assert choose_labels({"Pentagon": labels}, set()) == {"Pentagon": expected}


def test_person_linked_name_stays_person_against_the_majority():
    assert choose_labels({"John Kirby": ["ORG", "ORG", "PERSON"]}, {"John Kirby"}) == {
        "John Kirby": "PERSON"}


def mention(name: str, label: str) -> dict:
    return {"name": name, "spacy_label": label}


MENTIONS = [
    mention("John Kirby", "PERSON"), mention("Kirby", "ORG"), mention("Kirby", "ORG"),
    mention("Pentagon", "ORG"), mention("Pentagon", "GPE"), mention("Pentagon", "ORG"),
    mention("Department of Defense", "ORG"), mention("Washington", "GPE"),
]


def test_resolve_entities_merges_and_labels():
    mapping, labels = resolve_entities(MENTIONS, Overrides())
    assert mapping == {"John Kirby": "John Kirby", "Kirby": "John Kirby", "Pentagon": "Pentagon",
                       "Department of Defense": "Department of Defense", "Washington": "Washington"}
    assert labels == {"John Kirby": "PERSON", "Pentagon": "ORG", "Department of Defense": "ORG",
                      "Washington": "GPE"}


def test_resolve_entities_applies_overrides():
    overrides = Overrides(aliases={"Department of Defense": "Pentagon"}, labels={"Pentagon": "FAC"},
                          exclude={"Washington"})
    mapping, labels = resolve_entities(MENTIONS, overrides)
    assert mapping["Department of Defense"] == "Pentagon"
    assert mapping["Washington"] is None
    assert labels["Pentagon"] == "FAC"
    assert labels["John Kirby"] == "PERSON"


def test_load_overrides_normalises_names(tmp_path):
    path = tmp_path / "a.overrides.toml"
    path.write_text('exclude = ["the Kremlin"]\n[aliases]\n"the Department of Defense\'s" = "Pentagon"\n'
                    '[labels]\nSpeedo = "ORG"\n', encoding="utf-8")
    assert load_overrides(path) == Overrides(aliases={"Department of Defense": "Pentagon"},
                                             labels={"Speedo": "ORG"}, exclude={"Kremlin"})


def test_missing_overrides_file_means_no_overrides(tmp_path):
    assert load_overrides(tmp_path / "none.toml") == Overrides()
    assert load_overrides(None) == Overrides()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("[aliases\nx = 1", "is not valid TOML", id="syntax"),
        pytest.param('[aliases]\n"Kirby" = 3\n', r"\[aliases\] must map names to strings", id="number"),
        pytest.param('aliases = ["Kirby"]\n', r"\[aliases\] must map names to strings", id="list"),
        pytest.param('exclude = "Kirby"\n', "exclude must be a list of names", id="exclude-string"),
        pytest.param('[alias]\nKirby = "John Kirby"\n', "unknown key 'alias'", id="typo"),
        pytest.param('[labels]\nSpeedo = "ORG"\nexclude = []\n', "write `exclude = \\[...\\]` above",
                     id="exclude-inside-table"),
    ],
)
def test_invalid_overrides_file_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "a.overrides.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ArticleError, match=message) as caught:
        load_overrides(path)
    assert "\n" not in str(caught.value)


def test_overrides_path_that_is_a_folder_is_a_one_line_error(tmp_path):
    with pytest.raises(ArticleError, match="cannot read overrides file"):
        load_overrides(tmp_path)


# --- the bundled article ---------------------------------------------------------------------

SEED_ENTITIES = [
    ("Russian", "NORP", 13), ("John Kirby", "PERSON", 8), ("Ukraine", "GPE", 8),
    ("Pentagon", "ORG", 7), ("Vladimir Putin", "PERSON", 5), ("Russia", "GPE", 3),
    ("Oleksandra Nazarova", "PERSON", 2), ("Ukrainian", "NORP", 2), ("Berdyansk", "GPE", 1),
    ("Evgeny Rylov", "PERSON", 1), ("Instagram", "ORG", 1), ("Luzhniki Stadium", "FAC", 1),
    ("Moscow", "GPE", 1), ("Sea of Azov", "LOC", 1), ("Speedo", "ORG", 1),
    ("Ukrainians", "NORP", 1),
]


def test_seed_entities_and_counts(seed):
    table = seed.entities
    assert list(table[["entity", "label", "mentions"]].itertuples(index=False, name=None)) == SEED_ENTITIES


def test_seed_one_row_per_person(seed):
    people = seed.entities.loc[seed.entities["label"] == "PERSON", "entity"]
    assert sorted(people) == ["Evgeny Rylov", "John Kirby", "Oleksandra Nazarova", "Vladimir Putin"]


@pytest.mark.parametrize(
    ("entity", "aliases"),
    [
        ("John Kirby", "John Kirby; Kirby"),
        ("Vladimir Putin", "Putin; Vladimir Putin"),
        ("Oleksandra Nazarova", "Nazarova; Oleksandra Nazarova"),
        ("Pentagon", "Pentagon; the Department of Defense"),  # alias from the overrides file
        ("Russian", "Ordinary Russian; Russian"),
    ],
)
def test_seed_surface_forms_merge(seed, entity, aliases):
    assert seed.entities.set_index("entity").loc[entity, "aliases"] == aliases


def test_seed_putin_forms_all_map_to_the_full_name(seed, seed_text):
    putin = seed.mentions[seed.mentions["entity"] == "Vladimir Putin"]
    forms = [seed_text[s:e] for s, e in zip(putin["start_char"], putin["end_char"])]
    assert forms == ["Putin", "Vladimir Putin", "Putin", "Putin", "Putin"]
    assert seed_text[putin["start_char"].iloc[0]:putin["end_char"].iloc[0] + 2] == "Putin's"
    assert seed_text[putin["start_char"].iloc[2] - 4:putin["end_char"].iloc[2]] == "Mr. Putin"


def test_seed_caption_mention_is_kept_but_not_counted(seed):
    caption = seed.mentions[seed.mentions["section"] == "caption"]
    assert list(zip(caption["entity"], caption["paragraph"])) == [("Pentagon", 2)]


def test_seed_mention_offsets_map_back(seed, seed_text):
    table = seed.mentions
    assert len(table) == 57
    for text, start, end in zip(table["text"], table["start_char"], table["end_char"]):
        assert seed_text[start:end] == text


# --- the overrides file through the public entry point -----------------------------------------

ARTICLE = ("Pentagon news\n\nJohn Kirby spoke to reporters in Washington on Monday. Kirby said the "
           "Pentagon was ready to help the U.S. allies.\n\nMr. Kirby's staff agreed with the "
           "Department of Defense.")


def test_article_without_overrides(tables_of):
    table = tables_of(ARTICLE).entities
    assert list(table[["entity", "label", "mentions"]].itertuples(index=False, name=None)) == [
        ("John Kirby", "PERSON", 3), ("Pentagon", "ORG", 2), ("Department of Defense", "ORG", 1),
        ("U.S.", "GPE", 1), ("Washington", "GPE", 1)]


def test_article_with_overrides(tables_of):
    overrides = ('exclude = ["Washington"]\n[aliases]\n"the Department of Defense" = "Pentagon"\n'
                 '[labels]\nPentagon = "FAC"\n')
    result = tables_of(ARTICLE, overrides)
    assert list(result.entities[["entity", "label", "mentions"]].itertuples(index=False, name=None)) == [
        ("John Kirby", "PERSON", 3), ("Pentagon", "FAC", 3), ("U.S.", "GPE", 1)]
    assert "Washington" not in set(result.mentions["entity"])


def test_article_with_invalid_overrides_fails_in_one_line(tables_of):
    with pytest.raises(ArticleError, match="not valid TOML") as caught:
        tables_of(ARTICLE, "[aliases\n")
    assert "\n" not in str(caught.value)


def test_no_entities_gives_empty_tables_with_columns(tables_of):
    result = tables_of("nothing here\n\nit was quiet and cold all day.")
    assert result.mentions.empty and result.entities.empty
    assert list(result.entities.columns[:3]) == ["entity", "label", "mentions"]


def test_one_word_organisation_joins_the_one_longer_name_starting_with_it():
    pairs = [("Altria Group", "ORG"), ("Altria", "PERSON"), ("Washington Post", "ORG"),
             ("Washington", "GPE"), ("Liggett Group", "ORG"), ("Liggett Bank", "ORG"), ("Liggett", "ORG")]
    mapping = canonical_map(pairs)
    assert mapping["Altria"] == "Altria Group"
    assert mapping["Washington"] == "Washington"  # a place is not the newspaper named after it
    assert mapping["Liggett"] == "Liggett"  # two candidates: ambiguous, left alone


@pytest.mark.parametrize(("name", "label", "kept"), [
    ("280bn", "PERSON", False), ("Kirby", "PERSON", True), ("eBay", "ORG", True),
    ("ukraine", "GPE", False), ("2004", "ORG", False), ("Sea of Azov", "LOC", True),
    ("Andrés Manuel López Obrador", "PERSON", True),
    ("Obama Claims Hillary Most Qualified Presidential Candidate Ever", "PERSON", False),
    ("D-Wash", "GPE", False), ("R-Ky.", "GPE", False), ("D-N.Y.", "GPE", False),
    ("Coca-Cola", "ORG", True), ("Jean-Pierre", "PERSON", True),
])
def test_mislabelled_spans_are_dropped(name, label, kept):
    assert looks_like_a_name(name, label) is kept


def test_a_chamber_is_not_its_committee():
    pairs = [("House", "ORG"), ("House Appropriations Committee", "ORG"), ("NHS", "ORG"),
             ("NHS Confederation", "ORG"), ("Bank", "ORG"), ("Bank of England", "ORG"),
             ("Nissan", "ORG"), ("Nissan Motor", "ORG")]
    mapping = canonical_map(pairs)
    assert mapping["House"] == "House"
    assert mapping["NHS"] == "NHS"
    assert mapping["Bank"] == "Bank"
    assert mapping["Nissan"] == "Nissan Motor"  # a longer form of the same company still joins


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [("WASHINGTON (AP) — The House voted.", "WASHINGTON (AP) — "),
     ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON, March 3 (Reuters) - "),
     ("SAN FRANCISCO — A judge ruled.", "SAN FRANCISCO — "),
     ("NATO said on Monday it was ready.", ""),
     ("A plain first paragraph — with a dash.", "")],
)
def test_dateline_length(paragraph, dateline):
    assert paragraph[: dateline_length(paragraph)] == dateline


def test_a_dateline_adds_no_entities(tables_of):
    result = tables_of("Headline\n\nWASHINGTON (AP) — The House passed the bill on Tuesday, "
                          "and the House Appropriations Committee will meet again.\n\n"
                          "Speaker Mike Johnson praised the House.")
    entities = set(result.entities["entity"])
    assert "AP" not in entities and "WASHINGTON" not in entities
    assert {"House", "House Appropriations Committee"} <= entities


def test_a_first_name_joins_the_one_full_name_it_opens():
    pairs = [("Bill Clinton", "PERSON"), ("Hillary Clinton", "PERSON"), ("Bill", "PERSON"),
             ("Hillary", "ORG"), ("Clinton", "PERSON")]
    mapping = canonical_map(pairs)
    assert mapping["Bill"] == "Bill Clinton"
    assert mapping["Hillary"] == "Hillary Clinton"
    assert mapping["Clinton"] == "Clinton"  # two people share the surname: left as written


def test_the_first_of_two_family_names_joins_the_one_full_name_holding_it():
    pairs = [("Melba Acosta Febo", "PERSON"), ("Acosta", "PERSON"), ("Harry B. Harris Jr", "PERSON"),
             ("Harris", "PERSON"), ("Maria Luisa Garcia", "PERSON"), ("Ana Luisa Perez", "PERSON"),
             ("Luisa", "PERSON")]
    mapping = canonical_map(pairs)
    assert mapping["Acosta"] == "Melba Acosta Febo"
    assert mapping["Harris"] == "Harry B. Harris Jr"
    assert mapping["Luisa"] == "Luisa"  # two people hold it: left as written


def test_a_first_name_two_people_share_or_a_place_stays_itself():
    pairs = [("Paris Hilton", "PERSON"), ("Paris", "GPE"), ("John Kirby", "PERSON"),
             ("John Smith", "PERSON"), ("John", "PERSON")]
    mapping = canonical_map(pairs)
    assert mapping["Paris"] == "Paris"
    assert mapping["John"] == "John"


def test_a_person_the_model_called_an_organisation_still_shares_the_surname():
    # "Carly Fiorina" tagged ORG: "Fiorina" is not her husband Frank for that.
    pairs = [("Carly Fiorina", "ORG"), ("Frank Fiorina", "PERSON"), ("Fiorina", "ORG")]
    assert canonical_map(pairs)["Fiorina"] == "Fiorina"
    # A company name is no rival: "Goldman Sachs Group" leaves "Sachs" to Jeffrey Sachs.
    pairs = [("Goldman Sachs Group", "ORG"), ("Jeffrey Sachs", "PERSON"), ("Sachs", "ORG")]
    assert canonical_map(pairs)["Sachs"] == "Jeffrey Sachs"


def test_a_surname_two_people_share_is_still_a_person():
    mentions = [{"name": n, "spacy_label": label} for n, label in [
        ("Betsy Ebeling", "PERSON"), ("Tom Ebeling", "PERSON"), ("Ebeling", "ORG"), ("Ebeling", "ORG"),
        ("Jordan", "GPE"), ("Jordan", "GPE"), ("Michael Jordan", "PERSON"), ("Vernon Jordan", "PERSON")]]
    mapping, labels = resolve_entities(mentions, Overrides())
    assert mapping["Ebeling"] == "Ebeling" and labels["Ebeling"] == "PERSON"
    assert labels["Jordan"] == "GPE"  # a place label is kept: the country is no surname


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        # the model tags `Ursula von der` a person and `Leyen` a place
        ('"We will act together," said Ursula von der Leyen.', "Ursula von der Leyen"),
        ("Energy Minister Prince Abdulaziz bin Salman said it was over.", "Prince Abdulaziz bin Salman"),
        ('"It is wrong," said New York Mayor Bill de Blasio.', "Bill de Blasio"),  # already whole
    ],
)
def test_a_name_cut_at_a_particle_is_one_person(nlp, sentence, person):
    people = [e.text for e in nlp(sentence).ents if e.label_ == "PERSON"]
    assert people == [person]


def test_a_person_before_a_particle_word_and_an_organisation_stay_apart(nlp):
    ents = [(e.text, e.label_) for e in nlp("The report by al Qaeda and Abu Musab al-Zarqawi said so.").ents]
    assert ("Abu Musab al-Zarqawi", "PERSON") in ents
    assert ("al Qaeda", "ORG") in ents


def test_a_peerage_title_joins_the_full_name(tables_of):
    tables = tables_of('Headline\n\nSusan Greenfield, director of the Royal Institution, spoke on '
                       'Monday.\n\n"We are looking at electronics," cautioned Baroness Greenfield.')
    people = tables.entities[tables.entities.label == "PERSON"]
    assert people[["entity", "mentions"]].values.tolist() == [["Susan Greenfield", 2]]
