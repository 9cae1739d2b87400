"""Entity counts that hold: one sense per discourse, the other forms of one name, conservative
merges, nationality adjectives apart, subheadings counted, and salience with its signals.
Each rule has its own small example; the figures on hand-annotated text are benchmarks/entity_eval.py's."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.discourse import capitalised_neighbour, further_mentions, opens_sentence
from analysis.entities import canonical_map, is_longer_form_of, normalise_name
from analysis.entity_forms import acronym_target, is_fuller_form, person_variants, tail_target, variant_map
from analysis.parsing import parse_text
from analysis.salience import SIGNALS, salience_scores
from analysis.structure import split_blocks
from analysis.studies.demonyms import country_of
from analysis.studies.entities import adjectives, by_salience, folded_into_countries, rankings, referents

# --- one sense per discourse ------------------------------------------------------------------

def found_once(text: str, name: str, label: str = "PERSON") -> list[dict]:
    """The model's mentions, made by hand: `name` found at its first occurrence only."""
    start = text.index(name)
    return [{"text": name, "name": name, "spacy_label": label, "section": "body", "paragraph": 1,
             "start_char": start, "end_char": start + len(name), "subject": False}]


def test_a_name_found_once_counts_wherever_the_article_writes_it(nlp):
    text = ("Headline\n\nBrock Holt joined the Boston Red Sox in 2013. Holt played second base. "
            "The club liked Holt's bat. She shopped at Holt Renfrew.")
    further = further_mentions(parse_text(text, nlp), found_once(text, "Brock Holt"))
    assert [m["text"] for m in further] == ["Holt", "Holt's"]  # the surname; not "Holt Renfrew"
    assert {m["name"] for m in further} == {"Holt"} and further[0]["spacy_label"] == "PERSON"


def test_an_occurrence_inside_a_longer_capitalised_name_is_left_alone():
    text = "She shopped at Holt Renfrew. Holt said so."
    assert capitalised_neighbour(text, text.index("Holt"), text.index("Holt") + 4)
    second = text.index("Holt said")
    assert not capitalised_neighbour(text, second, second + 4)  # "Renfrew." ends the sentence before


def test_a_sentence_opener_follows_its_sentence():
    assert opens_sentence("It rained. Rice", 11)
    assert not opens_sentence("We ate Rice", 7)


def test_a_name_the_article_also_writes_as_a_word_is_not_counted_at_a_sentence_start(nlp):
    text = ("Headline\n\nCondoleezza Rice visited Asia. Rice prices rose. Farmers grow rice. "
            "Officials met Rice on Friday.")
    further = further_mentions(parse_text(text, nlp), found_once(text, "Condoleezza Rice"))
    assert [m["start_char"] for m in further] == [text.index("Rice on")]


# --- other forms of one name -------------------------------------------------------------------

def test_a_fuller_name_joins_the_shorter_one_and_postnominals_go():
    assert is_fuller_form("Joshua Abraham Norton", "Joshua Norton")
    assert not is_fuller_form("Joshua Norton", "Joshua Abraham Norton")
    assert not is_fuller_form("Jane Abraham Norton", "Joshua Norton")
    variants = person_variants({"Joshua Abraham Norton", "Joshua Norton", "Daniel Bernoulli FRS"})
    assert variants == {"Joshua Abraham Norton": "Joshua Norton", "Joshua Norton": "Joshua Norton",
                        "Daniel Bernoulli FRS": "Daniel Bernoulli"}


def test_an_all_capitals_form_joins_its_name():
    mapping = canonical_map([("Joshua Norton", "PERSON"), ("Norton", "PERSON"), ("NORTON", "ORG")])
    assert mapping["NORTON"] == "Joshua Norton" and mapping["Norton"] == "Joshua Norton"


def test_an_acronym_joins_the_one_name_of_its_kind_it_spells():
    assert acronym_target("KPA", {"Korean People's Army"}) == "Korean People's Army"
    assert acronym_target("U.S.", {"United States"}) == "United States"
    assert acronym_target("UN", {"United Nations", "University of Nebraska"}) is None  # two fit
    mapping = variant_map([("US", "GPE"), ("University of Sheffield", "ORG")])
    assert mapping["US"] == "US"  # a place's acronym never joins an organisation


def test_a_nickname_joins_place_plus_nickname_only_when_one_fits():
    places = {"Boston", "Pawtucket"}
    assert tail_target("Red Sox", {"Boston Red Sox"}, places) == "Boston Red Sox"
    assert tail_target("Red Sox", {"Boston Red Sox", "Pawtucket Red Sox"}, places) is None
    assert tail_target("Chathams", {"Air Chathams"}, places) is None  # "Air" is no place
    assert tail_target("Committee", {"Boston Committee"}, places) is None  # a generic head


def test_a_title_used_alone_joins_the_one_person_given_that_title(tables_of):
    result = tables_of("Headline\n\nTsar Peter the Great hired Patrick Gordon in 1686. "
                       "The Tsar trusted him. Later the Tsar made Gordon a general.")
    assert "Tsar" not in set(result.entities["entity"])
    assert normalise_name("Tsar Peter the Great", "PERSON") == "Peter the Great"
    assert normalise_name("Prince Edward Island", "GPE") == "Prince Edward Island"


# --- conservative merges -----------------------------------------------------------------------

def test_a_place_is_never_a_persons_surname():
    mapping = canonical_map([("George Washington", "PERSON"), ("Washington", "GPE"), ("Washington", "GPE")])
    assert mapping["Washington"] == "Washington"


def test_a_shared_surname_joins_the_person_the_headline_names():
    pairs = [("Matthew Goode", "PERSON"), ("Matthew Goode", "PERSON"), ("Rose Goode", "PERSON"),
             ("Goode", "PERSON")]
    assert canonical_map(pairs, headline={"Matthew Goode"})["Goode"] == "Matthew Goode"
    assert canonical_map(pairs)["Goode"] == "Goode"  # two people called Goode, no headline: apart


def test_a_bare_organisation_never_joins_an_event_named_after_it():
    assert not is_longer_form_of("Google", "Google Science Fair")
    assert not is_longer_form_of("Cannes", "Cannes Film Festival")
    assert is_longer_form_of("Altria", "Altria Group")


# --- structure ---------------------------------------------------------------------------------

def test_a_subheading_between_paragraphs_is_structure_that_keeps_its_mentions(tables_of):
    text = ("Matthew Goode\n\nMatthew Goode is an actor.\n\nEarly life in Exeter\n\n"
            "He was born in Exeter.\n\nGoode in 2014\n\nHe moved to London.")
    sections = [b.section for b in split_blocks(text)]
    assert sections == ["headline", "body", "subheading", "body", "caption", "body"]
    result = tables_of(text)
    assert result.entities.set_index("entity").loc["Exeter", "mentions"] == 2


def test_a_byline_or_a_photo_credit_at_the_top_stays_a_caption():
    sections = [b.section for b in split_blocks("Headline\n\nReuters photo\n\nBody one.\n\n"
                                                "Amanda Terkel\n\nBody two.")]
    assert sections == ["headline", "caption", "body", "caption", "body"]


# --- nationality adjectives --------------------------------------------------------------------

ENTITIES = pd.DataFrame({
    "entity": ["Russian", "John Kirby", "Ukraine", "Russia", "Ukrainians", "Arab"],
    "label": ["NORP", "PERSON", "GPE", "GPE", "NORP", "NORP"],
    "mentions": [13, 8, 8, 3, 1, 2],
})


def test_adjectives_are_their_own_group_and_can_fold_into_their_country():
    assert list(referents(ENTITIES)["entity"]) == ["John Kirby", "Ukraine", "Russia"]
    assert list(adjectives(ENTITIES)["entity"]) == ["Russian", "Ukrainians", "Arab"]
    folded = folded_into_countries(ENTITIES).set_index("entity")
    assert folded.loc["Russia", "with_adjectives"] == 16 and folded.loc["Russia", "mentions"] == 3
    assert folded.loc["Ukraine", "folded"] == "Ukrainians"
    assert "Arab" not in folded.index  # names no country


def test_an_adjective_folds_only_into_a_country_the_article_names():
    assert country_of("American", {"U.S.", "Iran"}) == "U.S."
    assert country_of("Russian", {"Ukraine"}) is None
    assert country_of("Democratic", {"United States"}) is None


def test_the_top_entities_of_the_summary_name_referents(seed):
    assert "Russian" not in seed.summary["top_entities"].split("; ")
    assert "Russian" in set(seed.entities["entity"])  # the raw count is kept


# --- salience ----------------------------------------------------------------------------------

def signal_row(**values) -> dict:
    row = dict.fromkeys(SIGNALS, 0) | {"in_headline": False, "in_first_paragraph": False}
    return row | values


def test_salience_rises_with_every_signal():
    base = signal_row(mentions=3)
    rows = [base, signal_row(mentions=3, in_headline=True), signal_row(mentions=3, in_first_paragraph=True),
            signal_row(mentions=3, as_subject=2), signal_row(mentions=6)]
    scores = salience_scores(rows)
    assert all(score > scores[0] for score in scores[1:])
    assert all(0 <= score <= 1 for score in scores)


def test_salience_can_rank_a_headline_entity_above_a_more_frequent_one():
    rows = [signal_row(mentions=5),
            signal_row(mentions=4, in_headline=True, in_first_paragraph=True, as_subject=2)]
    assert salience_scores(rows)[1] > salience_scores(rows)[0]


def test_the_bundled_article_has_salience_and_its_reasons(seed):
    entities = seed.entities
    assert entities["salience"].dropna().between(0, 1).all()
    assert by_salience(entities)["entity"].iloc[0] == "Pentagon"  # headline, first paragraph, subject
    table = rankings(entities)
    pentagon = table.set_index("entity").loc["Pentagon"]
    assert pentagon["by_salience"] == 1 and "in the headline" in pentagon["why"]
    assert entities.set_index("entity")["salience"].isna().loc["Russian"]  # adjectives are not ranked
    per_mention = seed.mentions.groupby("entity")["salience"].first().dropna().sort_index()
    assert per_mention.equals(entities.set_index("entity")["salience"].dropna().sort_index())


@pytest.mark.parametrize("row", [signal_row(), signal_row(mentions=0, in_headline=True)])
def test_salience_of_a_lone_entity_is_defined(row):
    assert 0 <= salience_scores([row])[0] <= 1


def test_forms_that_differ_only_in_full_stops_are_one_name():
    mapping = variant_map([("U.S.", "GPE"), ("US", "GPE"), ("U.S.", "GPE")])
    assert mapping == {"U.S.": "U.S.", "US": "U.S."}
    assert canonical_map([("US", "GPE"), ("U.S.", "GPE"), ("United States", "GPE")])["US"] == "United States"


def test_a_first_name_several_full_names_open_joins_the_one_in_the_headline():
    pairs = [("Jenna Marbles", "PERSON"), ("Jenna Marbles", "PERSON"), ("Jenna Nicole Mourey", "PERSON"),
             ("Jenna", "PERSON")]
    assert canonical_map(pairs, headline={"Jenna Marbles"})["Jenna"] == "Jenna Marbles"
    assert canonical_map(pairs)["Jenna"] == "Jenna"


def test_a_first_name_never_joins_a_ruler_with_a_regnal_number():
    assert canonical_map([("Abbas II", "PERSON"), ("Abbas", "PERSON")])["Abbas"] == "Abbas"


def test_a_shared_surname_stays_apart_when_the_other_person_is_named_more_than_once():
    pairs = [("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON"), ("Bill Clinton", "PERSON"),
             ("Clinton", "PERSON")]
    assert canonical_map(pairs, headline={"Hillary Clinton"})["Clinton"] == "Clinton"


def test_a_headline_misreading_named_nowhere_else_takes_no_surname():
    pairs = [("Will Sanders", "PERSON"), ("Bernie Sanders", "PERSON"), ("Sanders", "PERSON")]
    assert canonical_map(pairs, headline={"Will Sanders"})["Sanders"] == "Sanders"


def test_a_name_is_a_place_only_when_most_of_its_mentions_say_so():
    pairs = [("Marine Le Pen", "PERSON"), ("Le Pen", "ORG"), ("Le Pen", "FAC"), ("Le Pen", "WORK_OF_ART")]
    assert canonical_map(pairs)["Le Pen"] == "Marine Le Pen"


def test_a_persons_surname_is_no_nickname():
    pairs = [("Bernie Sanders", "PERSON"), ("Sanders", "ORG"), ("Sanders", "ORG"), ("New Hampshire", "GPE"),
             ("New Hampshire Sanders", "ORG")]
    assert variant_map(pairs)["Sanders"] == "Sanders"
