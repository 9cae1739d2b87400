"""Splitting an article into headline, standfirst, captions and body paragraphs, with offsets."""

from __future__ import annotations

import pytest

from analysis.structure import Block, is_caption, lines_with_offsets, split_blocks


def sections(text: str) -> list[tuple[str, str]]:
    return [(b.section, b.text) for b in split_blocks(text)]


def test_seed_structure(seed_text):
    blocks = split_blocks(seed_text)
    assert [b.section for b in blocks] == ["headline", "standfirst", "caption"] + ["body"] * 24
    assert [b.index for b in blocks] == list(range(27))
    assert blocks[0].text == ("Russian citizens not rushing to help their beleaguered military, "
                              "Pentagon says")
    assert blocks[1].text == ("The comments come as the Pentagon continues to emphasize problems "
                              "Russia has encountered in Ukraine.")  # the trailing no-break space trimmed
    assert blocks[2].text == "The Pentagon"
    assert blocks[3].text.startswith("Ordinary Russian citizens have not streamed")
    assert blocks[20].text.endswith("for taking part in the rally, according to a report")
    assert blocks[26].text.startswith("Kyiv on Thursday announced")


def test_seed_block_offsets_map_back(seed_text):
    for block in split_blocks(seed_text):
        assert seed_text[block.start : block.end] == block.text
        assert block.text == block.text.strip()


def test_seed_paragraph_table_matches(seed):
    table = seed.paragraphs
    assert list(table["section"].value_counts().sort_index().items()) == [
        ("body", 24), ("caption", 1), ("headline", 1), ("standfirst", 1)]
    assert seed.headline.endswith("Pentagon says")
    assert seed.standfirst.startswith("The comments come as")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Only a headline", [("headline", "Only a headline")], id="headline-only"),
        pytest.param("\n\n  Headline  \n\n", [("headline", "Headline")], id="padded-headline"),
        pytest.param("", [], id="empty"),
        pytest.param(" \n\t\n", [], id="blank"),
        pytest.param("Head\n\nFirst paragraph.\n\nSecond paragraph.",
                     [("headline", "Head"), ("body", "First paragraph."), ("body", "Second paragraph.")],
                     id="headline-and-body"),
        pytest.param("Head\n\nA summary line of the story.\nPhoto: AP\n\nBody text here.",
                     [("headline", "Head"), ("standfirst", "A summary line of the story."),
                      ("caption", "Photo: AP"), ("body", "Body text here.")],
                     id="standfirst-and-caption"),
        pytest.param("Head\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nReuters",
                     [("headline", "Head"), ("body", "First paragraph."), ("body", "Second paragraph."),
                      ("body", "Third paragraph."), ("caption", "Reuters")],
                     id="late-caption-is-no-standfirst-marker"),
        pytest.param("Head\n\nA paragraph wrapped\nover two lines.\n\nNext.",
                     [("headline", "Head"), ("body", "A paragraph wrapped\nover two lines."),
                      ("body", "Next.")],
                     id="hard-wrapped-lines-join"),
        pytest.param("Head\n\nThe list:\n- Expanded service tax net\n- Reduced corporate tax rates\n\nEnd.",
                     [("headline", "Head"), ("body", "The list:"),
                      ("body", "- Expanded service tax net\n- Reduced corporate tax rates"),
                      ("body", "End.")],
                     id="bulleted-list-is-body"),
        pytest.param("Head\r\n\r\nBody.", [("headline", "Head"), ("body", "Body.")], id="stray-cr"),
        pytest.param("Head\n\nOne paragraph.\nAnother paragraph.\nStill another.",
                     [("headline", "Head"), ("body", "One paragraph."), ("body", "Another paragraph."),
                      ("body", "Still another.")],
                     id="single-newline-paragraphs"),
        pytest.param("Head\n\nPhoto: AP\nCredit: Reuters\n\nBody.",
                     [("headline", "Head"), ("caption", "Photo: AP"), ("caption", "Credit: Reuters"),
                      ("body", "Body.")],
                     id="caption-then-credit"),
        pytest.param("Head\n\nRylov has lost an endorsement from Speedo for taking part in the rally,\n"
                     "according to a report\n\nBody.",
                     [("headline", "Head"), ("body", "Rylov has lost an endorsement from Speedo for taking "
                                                     "part in the rally,\naccording to a report"),
                      ("body", "Body.")],
                     id="short-last-line-of-a-paragraph-is-no-caption"),
        pytest.param("Head\n\nSummary of the story.\nPhoto credit\n\nWrapped first\nparagraph. It goes"
                     "\non and on.\n\nSecond wrapped\nparagraph.",
                     [("headline", "Head"), ("standfirst", "Summary of the story."),
                      ("caption", "Photo credit"), ("body", "Wrapped first\nparagraph. It goes\non and on."),
                      ("body", "Second wrapped\nparagraph.")],
                     id="hard-wrapped-text-with-top-matter"),
        pytest.param("Head\n\nThe first body paragraph says what happened.\n\nWORLD NEWS\n\nMore body.",
                     [("headline", "Head"), ("body", "The first body paragraph says what happened."),
                      ("caption", "WORLD NEWS"), ("body", "More body.")],
                     id="paragraph-above-a-separate-caption-stays-body"),
        pytest.param("Head\n\n" + "A long first paragraph runs on. " * 20 + "\nPhoto: AP\n\nBody.",
                     [("headline", "Head"), ("body", ("A long first paragraph runs on. " * 20).strip()),
                      ("caption", "Photo: AP"), ("body", "Body.")],
                     id="standfirst-never-longer-than-a-standfirst"),
        pytest.param("Head\n\nLONDON (Reuters) - Body text here.\n\n(Reporting by Jane Smith; Editing by Tom "
                     "Jones)",
                     [("headline", "Head"), ("body", "LONDON (Reuters) - Body text here."),
                      ("caption", "(Reporting by Jane Smith; Editing by Tom Jones)")],
                     id="wire-credit-line-is-no-body"),
    ],
)
def test_split_blocks(text, expected):
    assert sections(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The Pentagon", True),
        ("Photo: AP", True),
        ("Getty Images/Reuters", True),
        ("Kirby said so.", False),
        ("It's quite extraordinary.”", False),
        ("One two three four five six seven eight nine ten", True),
        ("One two three four five six seven eight nine ten eleven", False),
        ("- Expanded service tax net", False),
        ("• Duty cuts on capital goods", False),
        ("(Reporting by Jane Smith; Editing by Tom Jones)", True),
        ("(Additional reporting by Kate Holton in London; Writing by Guy Faulconbridge)", True),
        ("(The figures were revised on Monday.)", False),
        ("Associated Press writer Lisa Mascaro contributed to this report.", True),
        ("Alex Isenstadt contributed to this story.", True),
        ("Many voters contributed to this outcome.", False),
    ],
)
def test_is_caption(line, expected):
    assert is_caption(line) is expected


def test_lines_with_offsets_trim_and_report_blank_lines():
    text = "  Head \n\nOne\nTwo\n \nThree"
    assert lines_with_offsets(text) == [(2, 6, True), (9, 12, False), (13, 16, True), (19, 24, False)]


def test_blocks_are_frozen_records():
    block = split_blocks("Head")[0]
    assert block == Block(0, "headline", 0, 4, "Head")
    with pytest.raises(AttributeError):
        block.text = "x"
