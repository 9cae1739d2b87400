"""Quotations: news conventions on small hand-written examples, and the bundled article exactly."""

from __future__ import annotations

import pytest
from conftest import unquoted

from analysis.quotes import (
    SpeakerResolver,
    find_segments,
    is_apostrophe,
    looks_like_a_person,
    mark_role,
    name_right_after,
    title_gender,
    uses_single_marks,
)
from analysis.structure import split_blocks

# --- the bundled article -----------------------------------------------------------------------

# (kind, speaker, cue, paragraph, last_paragraph, start of the text), in text order.
SEED_QUOTES = [
    ("indirect", "Pentagon", "said", 3, 3, "Ordinary Russian citizens have not streamed"),
    ("direct", "John Kirby", "told", 4, 4, "I haven't seen any indications of Russian"),
    ("direct", "John Kirby", "said", 5, 5, "But that's sure as heck happening"),
    ("direct", "John Kirby", "said", 7, 7, "They've used a lot of munitions,"),
    ("indirect", "John Kirby", "adding", 7, 7, "that Russia has changed tactics"),
    ("direct", "John Kirby", "said", 8, 8, "What we have seen as they have been frustrated"),
    ("direct", "John Kirby", "said", 8, 8, "Bombardment by artillery, missiles, rockets."),
    ("direct", "John Kirby", "said", 10, 10, "It's quite stunning,"),
    ("direct", "John Kirby", "said", 10, 10, "Even for all that power ..."),
    ("scare", None, None, 11, 11, "special military operation"),
    ("scare", None, None, 11, 11, "demilitarize"),
    ("direct", "John Kirby", "said", 13, 13, "Average citizens, taking up arms,"),
    ("direct", "John Kirby", "said", 13, 13, "It's quite extraordinary."),
    ("indirect", "John Kirby", "noted", 14, 14, "Russian citizens have not rallied to war."),
    ("direct", "John Kirby", "said", 15, 15, "I've seen no indications that that's happening"),
    ("direct", "John Kirby", "said", 15, 15, "You see this big, fancy rally"),
    ("direct", "Oleksandra Nazarova", "wrote", 19, 19, "Not so long ago we supported them"),
    ("indirect", "a report", "according", 20, 20, "Russian swimmer Evgeny Rylov is being investigated"),
    ("direct", "John Kirby", "told", 22, 22, "We certainly have indications that morale"),
    ("direct", "John Kirby", "told", 22, 23, "And as time goes on, and they continue"),
    ("indirect", "John Kirby", "noted", 24, 24, "Russian citizens have lost access"),
    ("direct", "John Kirby", "said", 25, 25, "So clearly, they aren't getting fully informed"),
    ("indirect", "Kyiv", "announced", 26, 26, "that it had destroyed a Russian landing ship"),
]


def plain(value):
    """NaN/None as None, for comparing table cells with expectations."""
    return None if value is None or value != value else value


def test_seed_quotes_table(seed):
    rows = [
        (r.kind, plain(r.speaker), plain(r.cue), r.paragraph, r.last_paragraph, r.text)
        for r in seed.quotes.itertuples()
    ]
    assert len(rows) == len(SEED_QUOTES)
    for got, (kind, speaker, cue, first, last, start) in zip(rows, SEED_QUOTES):
        assert got[:5] == (kind, speaker, cue, first, last)
        assert got[5].startswith(start), (got[5], start)


def test_seed_every_quotation_mark_is_paired(seed_text):
    body = [b for b in split_blocks(seed_text) if b.section == "body"]
    segments = find_segments(seed_text, body)
    assert seed_text.count('"') == 35
    assert len(segments) == 18
    assert [(s.paragraph, s.closed) for s in segments if not s.closed] == [(22, False)]
    assert 2 * sum(s.closed for s in segments) + sum(not s.closed for s in segments) == 35


def test_seed_multi_paragraph_quotation_is_one_row(seed, seed_text):
    quotes = seed.quotes
    row = quotes[quotes["text"].str.startswith("And as time goes on")].iloc[0]
    assert (row.paragraph, row.last_paragraph, row.speaker, row.kind) == (22, 23, "John Kirby", "direct")
    assert row.text == (
        "And as time goes on, and they continue to fail to achieve the progress on the ground that "
        "they want to achieve, we've seen increasing indications that morale and unit cohesion is a "
        "problem. And yes, that absolutely translates into potential military effectiveness issues.")
    assert not quotes["text"].str.startswith("And yes").any()
    assert seed_text[row.end_char] == '"'  # closes only at the end of the last paragraph


def test_seed_full_texts_of_short_and_indirect_rows(seed):
    texts = seed.quotes.set_index("quote")["text"]
    assert texts[7] == "It's quite stunning,"
    assert texts[0] == ("Ordinary Russian citizens have not streamed across the border into Ukraine to "
                        "help the beleaguered Russian military")
    assert texts[20] == "Russian citizens have lost access to independent media reports about the war"
    assert texts[22] == ("that it had destroyed a Russian landing ship in the port of Berdyansk, "
                         "in the Sea of Azov")


def test_seed_quote_offsets_map_back(seed, seed_text):
    for r in seed.quotes.itertuples():
        span = seed_text[r.start_char : r.end_char]
        if r.kind == "indirect":
            assert " ".join(span.split()) == r.text
        else:
            assert unquoted(span) == unquoted(r.text)
            assert seed_text[r.start_char - 1] == '"' and seed_text[r.end_char] == '"'


def test_seed_speakers_are_canonical_entities(seed):
    speakers = set(seed.quotes["speaker"].dropna())
    # spaCy's small model does not tag "Kyiv" as a place; the proper-noun subject is kept as is.
    # "a report" (`..., according to a report`) is a source the article describes, not names.
    assert speakers - set(seed.entities["entity"]) == {"Kyiv", "a report"}
    direct = seed.quotes[seed.quotes["kind"] == "direct"]
    assert direct["speaker"].value_counts().to_dict() == {"John Kirby": 14, "Oleksandra Nazarova": 1}


# --- hand-written examples of every convention ---------------------------------------------------

EXAMPLES = {
    "several-in-one-paragraph": (
        '"We will win," Kirby said. "The war is long," he added. "Peace is near," said Mary Smith.',
        [("direct", "We will win,", "Kirby"), ("direct", "The war is long,", "Kirby"),
         ("direct", "Peace is near,", "Mary Smith")],
    ),
    "cue-before-colon": (
        'John Kirby told reporters: "We are ready to help."',
        [("direct", "We are ready to help.", "John Kirby")],
    ),
    "cue-before-comma": (
        'Kirby said, "We are ready to help."',
        [("direct", "We are ready to help.", "Kirby")],
    ),
    "cue-after": (
        '"We are ready to help," Kirby said.',
        [("direct", "We are ready to help,", "Kirby")],
    ),
    "cue-after-inverted": (
        '"We are ready to help," said John Kirby.',
        [("direct", "We are ready to help,", "John Kirby")],
    ),
    "continued-after-attribution": (
        '"We are ready," John Kirby said. "And we will stay as long as it takes."',
        [("direct", "We are ready,", "John Kirby"),
         ("direct", "And we will stay as long as it takes.", "John Kirby")],
    ),
    "attribution-mid-sentence": (
        '"We are ready," Kirby said, "and we will stay."',
        [("direct", "We are ready,", "Kirby"), ("direct", "and we will stay.", "Kirby")],
    ),
    "multi-paragraph-cue-in-first": (
        '"We are ready," Kirby said. "We will help the people of the region.\n\n'
        '"And we will stay until it is done."',
        [("direct", "We are ready,", "Kirby"),
         ("direct", "We will help the people of the region. And we will stay until it is done.",
          "Kirby")],
    ),
    "multi-paragraph-cue-before": (
        'Kirby told reporters: "We will help the people of the region.\n\n'
        '"And we will stay until it is done."',
        [("direct", "We will help the people of the region. And we will stay until it is done.",
          "Kirby")],
    ),
    "multi-paragraph-cue-at-the-end": (
        '"We will help the people of the region.\n\n"And we will stay until it is done," Kirby said.',
        [("direct", "We will help the people of the region. And we will stay until it is done,",
          "Kirby")],
    ),
    "speaker-is-canonical": (
        'John Kirby spoke on Monday.\n\n"We are ready to help," Kirby said.',
        [("direct", "We are ready to help,", "John Kirby")],
    ),
    "he-said": (
        'John Kirby spoke on Monday.\n\n"We are ready to help," he said.',
        [("direct", "We are ready to help,", "John Kirby")],
    ),
    "he-said-skips-an-organisation": (
        '"We are ready," Kirby said.\n\nThe Pentagon said the war would go on.\n\n'
        '"We will stay," he said.',
        [("direct", "We are ready,", "Kirby"), ("indirect", "the war would go on", "Pentagon"),
         ("direct", "We will stay,", "Kirby")],
    ),
    "she-said-when-the-history-shows-it": (
        'Mary Smith spoke first.\n\n"I am happy with this," she said.\n\n'
        'John Kirby spoke after her.\n\n"We are ready to help," he said.\n\n'
        '"We disagree with him," she said.',
        [("direct", "I am happy with this,", "Mary Smith"),
         ("direct", "We are ready to help,", "John Kirby"),
         ("direct", "We disagree with him,", "Mary Smith")],
    ),
    "she-said-takes-the-woman-her-possessive-shows": (
        'Mary Smith spoke about her plan. John Kirby listened to his aide.\n\n'
        '"It will work," she said.',
        [("direct", "It will work,", "Mary Smith")],
    ),
    "a-name-that-qualifies-a-noun-is-not-the-referent": (
        'Obama consultant Cornell Belcher picked up the thread.\n\n"We have a lot in common," he said.',
        [("direct", "We have a lot in common,", "Cornell Belcher")],
    ),
    "a-cue-that-introduces-the-next-quotation": (
        '"We are refugees," Ms. Alawee said. "We are not terrorists." Mr. Zahed said: "We are running."',
        [("direct", "We are refugees,", "Alawee"), ("direct", "We are not terrorists.", "Alawee"),
         ("direct", "We are running.", "Zahed")],
    ),
    "as-x-put-it": (
        'As Akhil Amar put it, "A compromise candidate may be far better for them."',
        [("direct", "A compromise candidate may be far better for them.", "Akhil Amar")],
    ),
    "a-name-alone-before-a-colon": (
        'Polls were early - Mark Blumenthal: "The polls just ended too early."',
        [("direct", "The polls just ended too early.", "Mark Blumenthal")],
    ),
    "a-manner-verb-beside-the-quotation": (
        '"Silly boys acting like they have never seen a girl," scoffed Arianna Gil.',
        [("direct", "Silly boys acting like they have never seen a girl,", "Arianna Gil")],
    ),
    "a-participle-cue-whose-subject-opens-the-sentence": (
        'Donald Trump told reporters the plan was "crazy and maniacal," adding, "He lost all of the vote."',
        [("indirect", 'the plan was "crazy and maniacal,"', "Donald Trump"),
         ("scare", "crazy and maniacal,", None), ("direct", "He lost all of the vote.", "Donald Trump")],
    ),
    "a-title-abbreviation-does-not-end-the-cue": (
        '"We are ready for this," said Army Capt. Christian Pardo, who served twice.',
        [("direct", "We are ready for this,", "Christian Pardo")],
    ),
    "a-cue-after-a-quotation-that-lost-its-comma": (
        '"The Iowa caucus is a battle of niches" Steve Grubbs said. "The fuel standard is a niche."',
        [("direct", "The Iowa caucus is a battle of niches", "Steve Grubbs"),
         ("direct", "The fuel standard is a niche.", "Steve Grubbs")],
    ),
    "a-pronoun-never-takes-a-person-the-quotation-names": (
        'Mary Smith spoke first. Jane Doe listened.\n\n"You will not beat Jane Doe by shouting," she said.',
        [("direct", "You will not beat Jane Doe by shouting,", "Mary Smith")],
    ),
    "a-cue-after-a-long-apposition-set-off-by-commas": (
        '"Every minute is like a day," William Daley, the former chief of staff to the president '
        'in his second term, said of the time.',
        [("direct", "Every minute is like a day,", "William Daley")],
    ),
    "a-name-alone-before-a-colon-after-an-ellipsis": (
        'Soon after the attack he tweeted about ... Donald Trump: "Appreciate the congrats for being right."',
        [("direct", "Appreciate the congrats for being right.", "Donald Trump")],
    ),
    "a-quotation-signed-on-the-line-below": (
        'Harry Reid spoke to the delegates.\n\n"Great speech. She is tested. She is ready."\n\n'
        '-Barack Obama, tweeting after the speech.',
        [("direct", "Great speech. She is tested. She is ready.", "Barack Obama")],
    ),
    "the-sentence-before-in-the-paragraph-speaks": (
        '"We have the votes," said Mike Johnson.\n\nIowa State University\'s Dianne Bystrom '
        'agreed. "Mainstream Republicans are running out of time."',
        [("direct", "We have the votes,", "Mike Johnson"),
         ("direct", "Mainstream Republicans are running out of time.", "Dianne Bystrom")],
    ),
    "a-claim-then-its-quotation-keeps-both": (
        'Pentagon spokesman John Kirby said the plan had failed. "It is a disaster for them."',
        [("indirect", "the plan had failed", "John Kirby"),
         ("direct", "It is a disaster for them.", "John Kirby")],
    ),
    "a-suffix-before-a-long-apposition": (
        '"Yes, I support Ted Cruz," Brent Bozell III, founder of the Media Research Center, tells '
        'Breitbart News in an exclusive interview.',
        [("direct", "Yes, I support Ted Cruz,", "Brent Bozell III")],
    ),
    "a-surname-alone-signs-the-line-below": (
        'The debate turned to health care.\n\n"I helped write that bill."\n\n- Sanders.',
        [("direct", "I helped write that bill.", "Sanders")],
    ),
    "a-title-period-after-the-verb": (
        '"We are already at war," said Pentagon spokesman Navy Capt. Jeff Davis, who was asked.',
        [("direct", "We are already at war,", "Jeff Davis")],
    ),
    "a-rank-before-the-title": (
        '"I really do not understand," said Air Force 1st Lt. Tyler Livingston.',
        [("direct", "I really do not understand,", "Tyler Livingston")],
    ),
    "a-person-before-another-name-after-the-verb": (
        '"Imagine Brad Thor going up against them on the same stage," mused Blaze co-host '
        'Stu\u00a0Burguiere.',
        [("direct", "Imagine Brad Thor going up against them on the same stage,", "Stu Burguiere")],
    ),
    "a-person-of-two-subjects": (
        'Tuesday at the university in Berea, OH, after winning Ohio in the Republican primary, '
        'Gov. John Kasich (R-OH), said, "We are going all the way."',
        [("direct", "We are going all the way.", "John Kasich")],
    ),
    "it-said-is-an-organisation": (
        '"We are ready," the Pentagon said. "More will come," it added.',
        [("direct", "We are ready,", "Pentagon"), ("direct", "More will come,", "Pentagon")],
    ),
    "apposition-names-the-speaker": (
        '"We are ready," the spokesman, John Kirby, said.',
        [("direct", "We are ready,", "John Kirby")],
    ),
    "possessive-is-not-the-speaker": (
        '"We are ready," Kirby\'s spokesman said.',
        [("direct", "We are ready,", "Kirby's spokesman")],
    ),
    "unnamed-speaker-phrase": (
        '"We are ready," a senior defense official said.',
        [("direct", "We are ready,", "a senior defense official")],
    ),
    "speaker-phrase-after-a-quotation-the-parser-gives-a-subject": (
        '"The drop is directly attributable to the emails, the foundation, all the old trust stuff," '
        "said a person close to the Clintons.",
        [("direct", "The drop is directly attributable to the emails, the foundation, all the old trust "
                    "stuff,", "a person close to the Clintons")],
    ),
    "a-place-before-a-noun-is-no-speaker": (
        'The Vermont senator emailed supporters saying: "The struggle continues" and vowing to go on.',
        [("direct", "The struggle continues", "The Vermont senator")],
    ),
    "cue-before-after-a-person-and-a-long-apposition": (
        "In a call with reporters on Dec. 2, Col. Steven H. Warren, a military spokesman in Baghdad, "
        'said, "A raid is a combat operation."',
        [("direct", "A raid is a combat operation.", "Steven H. Warren")],
    ),
    "cue-after-with-a-description-before-the-name": (
        '"I am not going to say it is a mistake," said retired neurosurgeon Ben Carson, asked about '
        "his claims.",
        [("direct", "I am not going to say it is a mistake,", "Ben Carson")],
    ),
    "a-verb-reporting-its-own-claim-after-a-closed-quotation-is-no-cue": (
        '"It is a sad development," Cruz told reporters. "That has no place in a campaign." '
        "Gov. John Kasich said he would have fired him.",
        [("direct", "It is a sad development,", "Cruz"),
         ("direct", "That has no place in a campaign.", "Cruz"),
         ("indirect", "he would have fired him", "John Kasich")],
    ),
    "a-new-sentence-opening-with-but-is-no-cue": (
        "Cruz mocked his talk, saying at one point, ''The answer is not to yell, 'China bad.''' "
        "But Mr. Trump did not respond in kind.",
        [("direct", "The answer is not to yell, 'China bad.'", "Cruz")],
    ),
    "a-cue-before-with-a-speaker-beats-a-speakerless-cue-after": (
        'Kasich cautioned "let us not get ahead of ourselves," before predicting that a contested '
        "convention could heal the party.",
        [("direct", "let us not get ahead of ourselves,", "Kasich")],
    ),
    "a-participle-hung-inside-a-reported-clause-keeps-the-reporter": (
        'Byrne also wrote the agents knew to brace for the eruptions, saying, "They did not happen '
        'every day."',
        [("indirect", "the agents knew to brace for the eruptions", "Byrne"),
         ("direct", "They did not happen every day.", "Byrne")],
    ),
    "his-near-a-name-that-is-no-subject-says-nothing-of-its-gender": (
        "Hillary Clinton met voters on Monday.\n\n"
        "The general stumped for Clinton in Iowa, and the campaign touted his endorsement.\n\n"
        '"We must stand up to hate," she said.',
        [("direct", "We must stand up to hate,", "Hillary Clinton")],
    ),
    "a-pronoun-is-never-a-person-the-quotation-names-by-first-name-or-possessive": (
        "Carl Tobias, a law professor, was not optimistic.\n\n"
        "But what if Hillary Clinton wins?\n\n"
        '"Hillary should just do whatever she wants to do," he said.\n\n'
        "Bernie Sanders lost the primary.\n\n"
        '"Sanders\'s message did not reach the voters," he said.',
        [("direct", "Hillary should just do whatever she wants to do,", "Carl Tobias"),
         ("direct", "Sanders's message did not reach the voters,", "Carl Tobias")],
    ),
    "a-name-in-an-apposition-to-an-apposition-is-the-subject": (
        "One of the men, Jessie Elkins, 70, said he was convinced. The other man, his cousin James "
        "York, 40, cited the danger.\n\n"
        '"He is talking too much trash," he said.',
        [("indirect", "he was convinced", "Jessie Elkins"),
         ("direct", "He is talking too much trash,", "James York")],
    ),
    "who-in-a-relative-clause-stands-for-its-antecedent": (
        "Any charge would involve Attorney General Loretta E. Lynch, who told Congress last month: "
        '"That matter is being handled by career agents."\n\n'
        'She added, "We will review all the facts."',
        [("direct", "That matter is being handled by career agents.", "Loretta E. Lynch"),
         ("direct", "We will review all the facts.", "Loretta E. Lynch")],
    ),
    "a-speaker-phrase-leaves-its-relative-clause-out": (
        'Trump released a marketing video that said, "We are going to have terrific professors."',
        [("direct", "We are going to have terrific professors.", "a marketing video")],
    ),
    "a-one-word-answer-after-said-and-a-comma-is-no-title": (
        "Asked whether he would serve, Mrs. Clinton shook her head and said, ''No.''",
        [("direct", "No.", "Clinton")],
    ),
    "a-short-statement-as-the-object-of-a-speech-verb": (
        'Obama punctuated his list by saying "Too many." The audience was quiet.',
        [("direct", "Too many.", "Obama")],
    ),
    "a-slogan-a-crowd-chants-is-no-title-a-song-it-sings-is": (
        'Outside the arena, about 200 protesters held signs and chanted "Dump Trump." Inside, the '
        'choir sang "Amazing Grace" before the speech.',
        [("direct", "Dump Trump.", "about 200 protesters"), ("title", "Amazing Grace", None)],
    ),
    "a-number-of-people-is-a-group-that-speaks": (
        'Hundreds of demonstrators marched through the city on Monday, chanting "No more war." '
        '"We are done," two of his aides said on Thursday.\n\n"It was unseemly," said one of two '
        'witnesses who relayed the same story.',
        [("direct", "No more war.", "Hundreds of demonstrators"),
         ("direct", "We are done,", "two of his aides"),
         ("direct", "It was unseemly,", "one of two witnesses")],
    ),
    "the-person-an-outlet-quotes-as-saying-speaks-not-the-outlet": (
        '"Bondi supplied us with results," Italian news agency Apcom quoted several lawmakers as '
        'saying. Reuters quoted a spokesman as saying that the firm would appeal.',
        [("direct", "Bondi supplied us with results,", "several lawmakers"),
         ("indirect", "that the firm would appeal", "a spokesman")],
    ),
    "a-quotation-hung-from-a-verb-inside-a-claim-is-the-claimants": (
        'In a statement, the Fed said that inflation remained "well contained" while the US economy '
        'appeared to be "growing at a moderate pace despite higher energy prices". Analysts agreed.',
        [("indirect", 'that inflation remained "well contained" while the US economy appeared to be '
          '"growing at a moderate pace despite higher energy prices"', "Fed"),
         ("scare", "well contained", None),
         ("direct", "growing at a moderate pace despite higher energy prices", "Fed")],
    ),
    "a-hyphenated-name-the-model-splits-stays-whole": (
        '"LG Card will not need any more financial aid after this," Laah Chong-gyu, executive director '
        "of Korea Development Bank - one of the firm's creditors - said.",
        [("direct", "LG Card will not need any more financial aid after this,", "Laah Chong-gyu")],
    ),
    "a-speech-verb-the-tagger-read-as-a-plural-noun-is-still-a-cue": (
        '"Apple has turned an open standard into an artifice," the lawsuit states.',
        [("direct", "Apple has turned an open standard into an artifice,", "the lawsuit")],
    ),
    "a-colon-closing-a-later-sentence-takes-no-cue-from-the-quotation": (
        "De Telegraaf published a picture of the killing. \"This picture was the story\", said the "
        "paper's image editor, Peter Schoonen. Other accounts of such pictures include:",
        [("direct", "This picture was the story", "Peter Schoonen")],
    ),
    "a-he-or-she-after-a-source-named-only-by-a-description-is-that-source": (
        "Susan Wojcicki, of Google, welcomed the plan. A spokeswoman for Oxford University said the "
        'books would include novels. "Important works will be made available to everyone," she said.',
        [("indirect", "the books would include novels", "A spokeswoman for Oxford University"),
         ("direct", "Important works will be made available to everyone,",
          "A spokeswoman for Oxford University")],
    ),
    "a-name-hung-on-the-organisation-after-a-spokesman-is-the-spokesman": (
        "A spokesman for DLF Builders, Dr Vancheshwar, told the BBC the plan would help buyers. He "
        'said: "It is good news."',
        [("indirect", "the plan would help buyers", "Vancheshwar"),
         ("direct", "It is good news.", "Vancheshwar")],
    ),
    "a-quoted-subject-or-modifier-after-a-speech-verb-stays-a-scare-quote": (
        'Ministers said "excess volatility" would impede growth. Unilever will merge its boards after '
        'reporting "unsatisfactory" earnings.',
        [("indirect", '"excess volatility" would impede growth', "Ministers"),
         ("scare", "excess volatility", None), ("scare", "unsatisfactory", None)],
    ),
    "a-long-speaker-phrase-keeps-its-head-and-what-comes-before-it": (
        'A spokesman for the Business Software Alliance in London and in New York said: "Members '
        'claim they did not profit at all."',
        [("direct", "Members claim they did not profit at all.", "A spokesman")],
    ),
    "a-new-opening-mark-after-a-full-stop-continues-the-quotation": (
        'Mr Frost added: "The outlook remains uncertain. "It is widely accepted that the risks will '
        'worsen." Analysts agreed.',
        [("direct", "The outlook remains uncertain. It is widely accepted that the risks will worsen.",
          "Frost")],
    ),
    "a-joint-subject-the-parser-breaks-up-is-still-the-cue-and-no-indirect-row": (
        '"We all know slavery existed in our country," JP Morgan chief executive William Harrison and '
        "chief operating officer James Dimon said in the letter.",
        [("direct", "We all know slavery existed in our country,", "James Dimon")],
    ),
    "a-parenthetical-cue-in-the-next-sentence-is-not-the-quotations": (
        '"We are lazy," David Noone said. "We put the numbers in our phones." One in three women, '
        "the survey said, thought they would lose touch.",
        [("direct", "We are lazy,", "David Noone"),
         ("direct", "We put the numbers in our phones.", "David Noone"),
         ("indirect", "thought they would lose touch.", "the survey")],
    ),
    "a-speaker-phrase-never-starts-with-the-closing-mark": (
        'Most displays can handle such pictures. "In the next generation HD support is mandatory," Dr '
        "Mark Tuffy games systems director at digital content firm THX told the BBC News website.",
        [("direct", "In the next generation HD support is mandatory,",
          "Dr Mark Tuffy games systems director")],
    ),
    "a-name-in-title-case-nouns-after-a-dash-labels-a-quotation": (
        "Estimates of civic engagement are problematic - Pew Research: \"All the samples evaluated "
        'include more engaged individuals than benchmark sources indicate."',
        [("direct", "All the samples evaluated include more engaged individuals than benchmark sources "
          "indicate.", "Pew Research")],
    ),
    "a-person-named-before-the-colon-speaks-for-a-subject-that-is-no-name": (
        "The timing of the surge does not surprise Republican pollster Daron Shaw: \"Lesser-known "
        'candidates have seen the biggest boost."',
        [("direct", "Lesser-known candidates have seen the biggest boost.", "Daron Shaw")],
    ),
    "a-participle-cue-after-an-earlier-quotation-keeps-its-subject": (
        'Carson shared a syllabus for a class called "Perception" on his Facebook page, writing "Here '
        'is a syllabus for the class you claim never existed."',
        [("title", "Perception", None),
         ("direct", "Here is a syllabus for the class you claim never existed.", "Carson")],
    ),
    "called-with-a-subject-of-its-own-is-a-cue": (
        "Senator Shelley Moore Capito, Republican of West Virginia, called over her shoulder, \"His "
        'comments are not helping."\n\nGilbert blamed what he called "a perception problem."\n\n'
        '"We are surprised," said economist Bernd Weidensteiner. "The domestic economy is still '
        'weak." Minister Wolfgang Clement called the dip "a mild decline".',
        [("direct", "His comments are not helping.", "Shelley Moore Capito"),
         ("direct", "a perception problem.", "Gilbert"),
         ("direct", "We are surprised,", "Bernd Weidensteiner"),
         ("direct", "The domestic economy is still weak.", "Bernd Weidensteiner"),
         ("scare", "a mild decline", None)],
    ),
    "so-called-and-a-thing-called-name-something-and-report-nothing": (
        'The United States was giving weapons to the so-called "rebels" in Syria. Obama rebuked '
        'critics who want him to say "radical Islamists," saying calling the Islamic State by another '
        "name will do nothing.",
        [("scare", "rebels", None), ("scare", "radical Islamists,", None)],
    ),
    "a-work-named-as-one-may-end-in-an-exclamation-mark": (
        'Weiner acted in the Syfy movie "Sharknado 3: Oh Hell No!" This spring he was in the '
        'documentary "Weiner."',
        [("title", "Sharknado 3: Oh Hell No!", None), ("title", "Weiner.", None)],
    ),
    "the-subject-inside-a-pseudo-cleft-all-speaks": (
        'Jennifer Hawkins watched the news. All she could do was shout "Yessss!" at the TV.',
        [("direct", "Yessss!", "Jennifer Hawkins")],
    ),
    "a-name-right-before-a-cue-the-parser-read-as-a-participle-speaks": (
        '"Go back to Univision," Trump barked and a security guard escorted Ramos out.\n\n'
        '"What sport is he talking about?" reacted Trump.',
        [("direct", "Go back to Univision,", "Trump"),
         ("direct", "What sport is he talking about?", "Trump")],
    ),
    "a-person-in-apposition-to-an-untagged-title-subject-is-that-subject": (
        "Christie talked about football.\n\nFormer Hewlett-Packard CEO Carly Fiorina named a "
        'Washington drama as her guilty pleasure. "I have not had time to watch the last season," she '
        "said.",
        [("direct", "I have not had time to watch the last season,", "Carly Fiorina")],
    ),
    "a-name-in-apposition-to-a-relative-is-a-person-whatever-its-label": (
        "Jan Brewer spoke on Sunday.\n\nOn the convention's opening night Monday, Trump's wife, "
        "Melania, is scheduled to be among the featured speakers. She is often by her husband's side. "
        'At a rally this spring, she described Trump as "a kind man with a great heart."',
        [("direct", "a kind man with a great heart.", "Melania")],
    ),
    "a-full-stop-quotation-after-said-and-a-comma-takes-no-cue-from-the-next-sentence": (
        'Hayek confirmed it and said, "America has a severe problem with discrimination." The star '
        "then recalled an incident at a movie theater.",
        [("direct", "America has a severe problem with discrimination.", "Hayek")],
    ),
    "a-person-named-by-a-naming-participle-speaks": (
        '"There never was a stand-down order," said the base chief known as Bob, speaking publicly.'
        '\n\n"We need this," said a 70-year-old academic named Eric Kingson.',
        [("direct", "There never was a stand-down order,", "Bob"),
         ("direct", "We need this,", "Eric Kingson")],
    ),
    "a-question-put-to-someone-is-not-their-statement": (
        "In an interview, the actress was asked if she had ever been discriminated against. Hayek said "
        "she had been.\n\nMelania Trump spoke to NBC News. Asked by Matt Lauer whether she had "
        'practiced her speech, she said, "I read it once over."',
        [("indirect", "she had been", "Hayek"),
         ("direct", "I read it once over.", "Melania Trump")],
    ),
    "a-reported-clause-starts-past-a-noun-the-parser-made-its-head": (
        "The minister told BBC Radio 4's Today programme the US had acted too late.",
        [("indirect", "the US had acted too late", "The minister")],
    ),
    "scare-quotes": (
        'Putin ordered a "special military operation" to "demilitarize" the nation.',
        [("scare", "special military operation", None), ("scare", "demilitarize", None)],
    ),
    "scare-quote-with-american-punctuation": (
        '"We are ready," Kirby said.\n\nPutin launched what he called a "special military operation."',
        [("direct", "We are ready,", "Kirby"), ("scare", "special military operation.", None)],
    ),
    "scare-quote-before-a-subjectless-cue-stays-a-scare-quote": (
        "Analysts believe Assad may stay in power \u201cprovisionally\u201d, and admit the rebels are weak.",
        [("scare", "provisionally", None), ("indirect", "the rebels are weak", "Analysts")],
    ),
    "short-statement-is-not-a-scare-quote": (
        '"We are ready," Kirby said. "Absolutely."',
        [("direct", "We are ready,", "Kirby"), ("direct", "Absolutely.", "Kirby")],
    ),
    "floating-quotation-inherits-the-speaker": (
        '"We are ready," Kirby said.\n\nThe weather was cold.\n\n"We are still ready to go."',
        [("direct", "We are ready,", "Kirby"), ("direct", "We are still ready to go.", "Kirby")],
    ),
    "floating-quotation-too-far-has-no-speaker": (
        '"We are ready," Kirby said.\n\nIt was cold.\n\nIt was wet.\n\nIt was dark.\n\nIt was late.\n\n'
        '"We are still ready to go."',
        [("direct", "We are ready,", "Kirby"), ("direct", "We are still ready to go.", None)],
    ),
    "indirect-speech-cue-after": (
        "Russia has lost many tanks, Kirby noted.",
        [("indirect", "Russia has lost many tanks", "Kirby")],
    ),
    "indirect-speech-keeps-only-the-claim": (
        "Kirby spoke on Monday.\n\nBy contrast, he noted, Russian citizens have not rallied to war.",
        [("indirect", "Russian citizens have not rallied to war.", "Kirby")],
    ),
    "indirect-speech-cue-before": (
        "The Pentagon said that Russia had lost many tanks.",
        [("indirect", "that Russia had lost many tanks", "Pentagon")],
    ),
    "indirect-speech-adding-that": (
        '"We are ready," Kirby said, adding that the troops were tired.',
        [("direct", "We are ready,", "Kirby"), ("indirect", "that the troops were tired", "Kirby")],
    ),
    "inner-single-quotes": (
        "\"Putin is 'a dictator,'\" Kirby said.",
        [("direct", "Putin is 'a dictator,'", "Kirby")],
    ),
    "partial-quotation-in-reported-speech": (
        'Tom Baker said the council had "broken its word to every family."',
        [("direct", "broken its word to every family.", "Tom Baker")],
    ),
    "scare-quote-inside-reported-speech": (
        'Kirby said the "special operation" was failing.',
        [("indirect", 'the "special operation" was failing', "Kirby"),
         ("scare", "special operation", None)],
    ),
    "stray-straight-closing-mark-opens-nothing": (
        'The law is a clear step forward." The elections are set for February.',
        [],
    ),
    "no-quotations": ("Nothing is quoted here at all.", []),
    # --- house styles: archive marks, UK single marks ---
    "archive-double-apostrophes": (
        "''We finally may be seeing some wage acceleration,'' said Jared Bernstein.",
        [("direct", "We finally may be seeing some wage acceleration,", "Jared Bernstein")],
    ),
    "archive-backticks-open": (
        "``We are ready to help,'' Kirby said.",
        [("direct", "We are ready to help,", "Kirby")],
    ),
    "uk-single-marks": (
        "'We will fight on,' said Jane Cullen. 'The \"final offer\" is nothing of the sort.'",
        [("direct", "We will fight on,", "Jane Cullen"),
         ("direct", 'The "final offer" is nothing of the sort.', "Jane Cullen")],
    ),
    "uk-apostrophes-are-not-marks": (
        "Nurses at St Thomas' Hospital can't accept the members' pay offer of the '90s, "
        "said Jane Cullen.\n\n'We will fight on,' she said.",
        [("indirect", "Nurses at St Thomas' Hospital can't accept the members' pay offer of the '90s",
          "Jane Cullen"),
         ("direct", "We will fight on,", "Jane Cullen")],
    ),
    # --- cues wherever the sentence puts them ---
    "long-apposition-after-the-cue": (
        '"The data showed the largest increase," said Douglas Holtz-Eakin, an economic adviser to '
        "Republicans and former director of the nonpartisan Congressional Budget Office.",
        [("direct", "The data showed the largest increase,", "Douglas Holtz-Eakin")],
    ),
    "party-and-state-tag-before-the-cue": (
        '"We will win this fight," Senate Majority Leader Mitch McConnell, R-Ky., said on Tuesday.',
        [("direct", "We will win this fight,", "Mitch McConnell")],
    ),
    "long-subject-before-the-cue": (
        "''We may be seeing wage growth,'' the economist Jared Bernstein, a former adviser in the "
        "Obama White House, wrote on his blog.",
        [("direct", "We may be seeing wage growth,", "Jared Bernstein")],
    ),
    "according-to-before": (
        'According to Jean-Pierre, "the president is not worried about it."',
        [("direct", "the president is not worried about it.", "Jean-Pierre")],
    ),
    "according-to-after": (
        '"The president is not worried about it," according to Karine Jean-Pierre.',
        [("direct", "The president is not worried about it,", "Karine Jean-Pierre")],
    ),
    "colon-after-a-named-subject": (
        'Trump answered with a statement on Friday: "I am not ready to support him."',
        [("direct", "I am not ready to support him.", "Trump")],
    ),
    "colon-after-a-clause-the-parser-hangs-from-the-quotation": (
        'Clinton has since apologized for what happened: "Yes, I should have used two email '
        'addresses."',
        [("direct", "Yes, I should have used two email addresses.", "Clinton")],
    ),
    "partial-quotation-framed-by-a-verb-that-is-no-speech-verb": (
        'Moore thanked him for "stepping up and taking action when Congress won\'t."',
        [("direct", "stepping up and taking action when Congress won't.", "Moore")],
    ),
    "partial-quotation-framed-by-a-group": (
        'Critics accused the senator of "walking away from his own voters."',
        [("direct", "walking away from his own voters.", "Critics")],
    ),
    "according-to-in-the-sentence-beats-the-framing-subject": (
        'Adidas has a trainer which, according to Susanne Risse from the company, can "sense, '
        'understand, and adapt to your running style".',
        [("direct", "sense, understand, and adapt to your running style", "Susanne Risse")],
    ),
    "a-passive-subject-is-not-the-framing-speaker": (
        'Trump was accused of "fanning the flames of hatred" by critics.',
        [("direct", "fanning the flames of hatred", None)],
    ),
    "a-quotation-inside-a-noun-phrase-has-no-framing-speaker": (
        'It is the pull of the "if you like your plan, you can keep it" promise.',
        [("direct", "if you like your plan, you can keep it", None)],
    ),
    "colon-after-a-noun-phrase-subject": (
        'Hoff\'s letter makes a libertarian-style case: "Followers of radical Islam hate '
        'everything we stand for."',
        [("direct", "Followers of radical Islam hate everything we stand for.", "Hoff's letter")],
    ),
    "cue-closing-the-paragraph-before": (
        'Cruz called them on it:\n\n"The questions asked in this debate illustrate the problem."',
        [("direct", "The questions asked in this debate illustrate the problem.", "Cruz")],
    ),
    "a-word-of-the-quotation-is-never-its-speaker": (
        '"The early states are very important, but they [award] only 4 percent of the delegates," '
        "campaign manager Robby Mook said.",
        [("direct", "The early states are very important, but they [award] only 4 percent of the "
          "delegates,", "Robby Mook")],
    ),
    "transcript-lines": (
        "CNN's Jake Tapper interviewed Gov. Mary Fallin on Sunday.\n\n"
        "TAPPER: Do you think he has campaigned as a healer?\n\n"
        "MS. FALLIN: I think he is trying to.\n\nUPDATE: The interview was edited for length.",
        [("direct", "Do you think he has campaigned as a healer?", "Jake Tapper"),
         ("direct", "I think he is trying to.", "Mary Fallin")],
    ),
    "group-word-before-a-name-is-not-the-speaker": (
        '"They are spending their final days here," said Oversight ranking Democrat Elijah Cummings.',
        [("direct", "They are spending their final days here,", "Elijah Cummings")],
    ),
    "cue-the-parser-hangs-from-the-subject-noun": (
        '"He should resign in disgrace!" the presumptive GOP nominee, Donald Trump, tweeted Sunday.',
        [("direct", "He should resign in disgrace!", "Donald Trump")],
    ),
    "cue-after-a-long-subject-with-no-comma": (
        '"Dr. Carson invited both of us to his house today" the Post\'s senior politics editor '
        'Steven Ginsberg responded.',
        [("direct", "Dr. Carson invited both of us to his house today", "Steven Ginsberg")],
    ),
    "closing-mark-glued-to-the-speaker": (
        '"We saw somebody who was affable,"Clinton said.',
        [("direct", "We saw somebody who was affable,", "Clinton")],
    ),
    "surname-right-after-the-verb-that-the-parser-misreads": (
        'Bill Skelly vouched for both of them.\n\n"Having access to the file and two people who '
        'understand it is valuable," said Skelly, explaining he worked closely with them.',
        [("direct", "Having access to the file and two people who understand it is valuable,",
          "Bill Skelly"), ("indirect", "he worked closely with them", "Bill Skelly")],
    ),
    "the-last-clause-before-a-colon-speaks": (
        'The crowd cheers, and then Wallnau continues: "God has given this man an anointing for '
        'the mantle of government."',
        [("direct", "God has given this man an anointing for the mantle of government.", "Wallnau")],
    ),
    "a-person-right-before-a-verb-the-parser-left-without-subject": (
        'In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "Hillary '
        'Clinton believes that transatlantic cooperation is essential."',
        [("direct", "Hillary Clinton believes that transatlantic cooperation is essential.",
          "Jake Sullivan")],
    ),
    "an-age-used-as-a-noun-speaks": (
        '"Donald is, and always has been, an amazing leader," said the 46-year-old.',
        [("direct", "Donald is, and always has been, an amazing leader,", "the 46-year-old")],
    ),
    "said-a-claim-but-added-a-quotation": (
        'Suu Kyi, 70, said it was too early to congratulate winners but added, "I think you all '
        'have an idea of the results."',
        [("indirect", "it was too early to congratulate winners", "Suu Kyi"),
         ("direct", "I think you all have an idea of the results.", "Suu Kyi")],
    ),
    "said-one-claim-and-noted-another": (
        "Kirby said the talks failed and noted that Russia had lost tanks.",
        [("indirect", "the talks failed", "Kirby"),
         ("indirect", "that Russia had lost tanks", "Kirby")],
    ),
    "phrasal-cue": (
        '"That is false," Clinton shot back.',
        [("direct", "That is false,", "Clinton")],
    ),
    "short-attributed-statement": (
        '"Lock her up!" the crowd chanted.',
        [("direct", "Lock her up!", "the crowd")],
    ),
    # --- pronouns: the last fitting speaker or subject, with the article's own gender evidence ---
    "pronoun-after-a-new-subject": (
        '"We have the votes," said Mike Johnson.\n\nSenate Majority Leader Chuck Schumer struck a '
        'more cautious tone. He said: "We will look at this carefully."',
        [("direct", "We have the votes,", "Mike Johnson"),
         ("direct", "We will look at this carefully.", "Chuck Schumer")],
    ),
    "pronoun-skips-a-person-of-the-other-title": (
        '"We have the votes," Ms. Warren said.\n\nMr. Sanders arrived later and spoke to '
        'Ms. Warren.\n\n"We are not done," she said.',
        [("direct", "We have the votes,", "Warren"), ("direct", "We are not done,", "Warren")],
    ),
    "pronoun-skips-the-subject-of-a-reported-clause": (
        'Spokesman Josh Earnest said Obama was not targeting anyone.\n\n'
        '"It is not uncommon to see this," he said.',
        [("indirect", "Obama was not targeting anyone", "Josh Earnest"),
         ("direct", "It is not uncommon to see this,", "Josh Earnest")],
    ),
    "pronoun-to-a-subject-the-entity-model-missed": (
        'Ms. Nwanguma, 21, held up her signs at the rally.\n\n'
        '"Did I enjoy being treated like trash? No, not at all," she said.',
        [("direct", "Did I enjoy being treated like trash? No, not at all,", "Nwanguma")],
    ),
    "pronoun-to-the-one-asked": (
        'Scott Conroy asked Bernie Sanders about his faith.\n\n'
        '"Sure I do," he said.',
        [("direct", "Sure I do,", "Bernie Sanders")],
    ),
    "pronoun-to-the-subject-of-a-clause-a-colon-closes": (
        'In her speech, Rhimes declared the need for strong will: "Change the world and when you '
        'have done that, change it again," she said.',
        [("direct", "Change the world and when you have done that, change it again,", "Rhimes")],
    ),
    "pronoun-to-a-person-introduced-with-there-is": (
        '"Hillary is ready," said Barack Obama.\n\nThen there\'s Axelrod.\n\n'
        '"Kind of bewildering as to why her folks are so explicit," he wrote.',
        [("direct", "Hillary is ready,", "Barack Obama"),
         ("direct", "Kind of bewildering as to why her folks are so explicit,", "Axelrod")],
    ),
    "pronoun-to-a-person-introduced-with-as-for": (
        '"I think that would be an absolute disaster," said Ted Cruz.\n\nAs for Trump, he said '
        'he is not worried. "First of all, I think I am going to have the delegates," he said.',
        [("direct", "I think that would be an absolute disaster,", "Ted Cruz"),
         ("indirect", "he is not worried", "Trump"),
         ("direct", "First of all, I think I am going to have the delegates,", "Trump")],
    ),
    "it-to-the-last-organisation-subject": (
        '"Teck wants the gap narrowed," said Marcia Smith.\n\nStill, the Business Council of '
        'British Columbia opposed an increase.\n\n"Keep the carbon tax in place at the current '
        'level," it recommended.',
        [("direct", "Teck wants the gap narrowed,", "Marcia Smith"),
         ("direct", "Keep the carbon tax in place at the current level,",
          "Business Council of British Columbia")],
    ),
    "they-to-a-plural-subject-after-an-organisation": (
        "The Court of Appeals ruled against the government on Monday. The tobacco companies deny "
        "that they conspired to promote smoking. They also say they have already met many of the "
        "demands.",
        [("indirect", "that they conspired to promote smoking", "The tobacco companies"),
         ("indirect", "they have already met many of the demands", "The tobacco companies")],
    ),
    "pronoun-with-no-antecedent-stays-unresolved": (
        '"So terrible," he wrote.',
        [("direct", "So terrible,", None)],
    ),
    # --- partial quotations and titles ---
    "partial-quotation-ending-the-sentence-is-one-row": (
        'The White House said the omission was "deeply disappointing."',
        [("direct", "deeply disappointing.", "White House")],
    ),
    "partial-quotation-takes-no-cue-from-the-next-sentence": (
        'Karine Jean-Pierre said the omission was "deeply disappointing." According to Tom Smith, '
        "the president will push for the aid next month.",
        [("direct", "deeply disappointing.", "Karine Jean-Pierre"),
         ("indirect", "the president will push for the aid next month", "Tom Smith")],
    ),
    "partial-quotation-before-a-new-speakers-sentence": (
        'Mayor Ann Park said the budget was "a fantasy with no numbers." Council member Ruth Ellis '
        "scoffed.",
        [("direct", "a fantasy with no numbers.", "Ann Park")],
    ),
    "question-opening-mid-sentence-keeps-its-inverted-cue": (
        'If Russia is behind the leaks — "why would you not raise it?" asked Anita Dunn, a former '
        'adviser. "It is only prudent."',
        [("direct", "why would you not raise it?", "Anita Dunn"),
         ("direct", "It is only prudent.", "Anita Dunn")],
    ),
    "partial-quotation-after-a-verb-that-shares-its-subject": (
        'Adam Curry wanted software to fetch audio. He finished it in May and says it "totally '
        'sucked."',
        [("direct", "totally sucked.", "Adam Curry")],
    ),
    "indirect-row-takes-its-speaker-from-a-quotation-later-in-the-sentence": (
        'Some traders, who had stayed out for months, continued to warn that the "bubble may burst '
        'any time".',
        [("indirect", 'that the "bubble may burst any time"', "Some traders"),
         ("direct", "bubble may burst any time", "Some traders")],
    ),
    "a-wire-dateline-is-no-part-of-the-claim": (
        "LONDON, March 3 (Reuters) - Oil prices rose on Monday after the cartel agreed to extend "
        "its cuts, traders said.",
        [("indirect", "Oil prices rose on Monday after the cartel agreed to extend its cuts", "traders")],
    ),
    "a-speech-verb-joined-to-a-verb-with-a-subject-reports-for-it": (
        "Cllr Priya Shah is more cautious. She describes the buyout as bold and says the council "
        "will watch it closely.",
        [("indirect", "the council will watch it closely", "Priya Shah")],
    ),
    "a-negated-speech-verb-reports-nothing": (
        "The industry body launched a second round of lawsuits. It did not say how many people "
        "were being sued.",
        [],
    ),
    "he-after-a-person-the-model-tagged-as-an-organisation": (
        '"It was a crazy game," United manager Ruben Amorim told Sky Sports.\n\nVilla boss Unai '
        'Emery was less happy. "We deserved at least a point," he said.',
        [("direct", "It was a crazy game,", "Ruben Amorim"),
         ("direct", "We deserved at least a point,", "Unai Emery")],
    ),
    "uk-partial-quotation-ending-the-sentence": (
        "Pat Mills said the vote was 'overwhelming'.",
        [("direct", "overwhelming", "Pat Mills")],
    ),
    "title-of-a-work-is-not-a-statement": (
        'Carson said on ABC\'s "This Week," that he was ready.',
        [("title", "This Week,", None), ("indirect", "that he was ready", "Carson")],
    ),
    "title-before-a-cue-takes-no-speaker": (
        'Trump starred in "The Apprentice." He was not alone.',
        [("title", "The Apprentice.", None)],
    ),
    "title-after-a-comma": (
        'Marco Rubio wrote a memoir, "An American Son." It sold well.',
        [("title", "An American Son.", None)],
    ),
    "title-with-a-subtitle-and-a-number": (
        'Bob spoke before the film "13 Hours: The Secret Soldiers of Benghazi" opened.',
        [("title", "13 Hours: The Secret Soldiers of Benghazi", None)],
    ),
    "title-opening-its-sentence-as-a-modifier": (
        '"Orange Is the New Black" star Dascha Polanco opened up about her body.',
        [("title", "Orange Is the New Black", None)],
    ),
    "title-opening-its-sentence-before-an-apposition": (
        "''Tales From the Crypt,'' an HBO series that first aired in 1989, will be resurrected. "
        "''MTV Unplugged,'' whose heyday was in the 1990s, is back.",
        [("title", "Tales From the Crypt,", None), ("title", "MTV Unplugged,", None)],
    ),
    "title-case-statement-with-a-cue-stays-a-statement": (
        '"Thank You Very Much," he said to the crowd.',
        [("direct", "Thank You Very Much,", None)],
    ),
    "a-statement-after-a-comma-is-no-title": (
        'Kirby said, "We are ready to help."',
        [("direct", "We are ready to help.", "Kirby")],
    ),
}


def rows_of(table) -> list[tuple]:
    return [(r.kind, r.text, plain(r.speaker)) for r in table.itertuples()]


@pytest.mark.parametrize(("body", "expected"), EXAMPLES.values(), ids=EXAMPLES.keys())
def test_news_conventions(quotes_of, body, expected):
    assert rows_of(quotes_of(body)) == expected


def curly(text: str) -> str:
    """Straight double quotes to curly ones: in each paragraph the first mark opens, then alternate."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        pieces = paragraph.split('"')
        marks = ("“”" * len(pieces))[: len(pieces) - 1]
        paragraphs.append("".join(p + m for p, m in zip(pieces, marks)) + pieces[-1])
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    "name",
    ["several-in-one-paragraph", "cue-before-colon", "continued-after-attribution",
     "multi-paragraph-cue-in-first", "multi-paragraph-cue-at-the-end", "scare-quotes",
     "she-said-when-the-history-shows-it"],
)
def test_curly_marks_give_the_same_result(quotes_of, name):
    body, expected = EXAMPLES[name]
    assert "“" in curly(body)
    got = quotes_of(curly(body))
    assert rows_of(got) == expected


def test_mixed_straight_and_curly_marks(quotes_of):
    table = quotes_of('“We will win," Kirby said. "The war is long,” he added.')
    assert rows_of(table) == [("direct", "We will win,", "Kirby"), ("direct", "The war is long,", "Kirby")]


def test_no_quotations_gives_an_empty_table_with_columns(quotes_of):
    table = quotes_of("Nothing is quoted here at all.")
    assert table.empty
    assert {"kind", "text", "speaker", "paragraph", "start_char", "end_char", "cue"} <= set(table.columns)


@pytest.mark.parametrize(
    "body",
    [
        '"We will win, Kirby said. "The war "is long.',
        '”Backwards“ marks, Kirby said.',
        '"\n\n"\n\n"',
        '"Unclosed at the very end',
        '“Unclosed curly,\n\nthen a new paragraph without a mark.',
        '" " " " "',
        '"a"b"c"d"e" Kirby said.',
    ],
)
def test_unbalanced_marks_never_raise(tables_of, body):
    result = tables_of("Headline\n\n" + body)
    text = "Headline\n\n" + body
    for r in result.quotes.itertuples():
        assert 0 <= r.start_char <= r.end_char <= len(text)
        if r.kind != "indirect":
            assert unquoted(text[r.start_char : r.end_char]) == unquoted(r.text)


def test_unclosed_quotation_runs_to_its_paragraph_end_only(quotes_of):
    table = quotes_of('"We will win, Kirby said.\n\nThe war is long.')
    assert rows_of(table) == [("direct", "We will win, Kirby said.", None)]
    assert (table.paragraph.iloc[0], table.last_paragraph.iloc[0]) == (1, 1)


# --- pure functions ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "pos", "role"),
    [
        ("“a", 0, "open"),
        ("a”", 1, "close"),
        ('say "a', 4, "open"),
        ('a," b', 2, "close"),
        ('a". b', 1, "close"),
        ('("a', 1, "open"),
        ('a"b', 1, "either"),
    ],
)
def test_mark_role(text, pos, role):
    assert mark_role(text, pos) == role


def segments_of(text: str) -> list[tuple]:
    body = [b for b in split_blocks("H\n\n" + text) if b.section == "body"]
    full = "H\n\n" + text
    return [(full[s.start : s.end], s.paragraph, s.closed, s.chain) for s in find_segments(full, body)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a," b said. "c."', [("a,", 1, True, 0), ("c.", 1, True, 1)]),
        ('"a.\n\n"b.\n\n"c."', [("a.", 1, False, 0), ("b.", 2, False, 0), ("c.", 3, True, 0)]),
        ('"a.\n\nb.', [("a.", 1, False, 0)]),  # not carried: the next paragraph does not open
        ('x ” y “z”', [("z", 1, True, 0)]),  # a stray closing curly mark is skipped
        # a curly mark typed the wrong way round reads by its place (a format character before it
        # is invisible): `”Children ...` opens, German `„...“` closes on its `“`
        ('\u202a”Children are gifts,” said John.', [("Children are gifts,", 1, True, 0)]),
        ('He said „Wir schaffen das“ and left.', [("Wir schaffen das", 1, True, 0)]),
        ('He wrote: ““Radical terrorism is a threat.” Then left.',  # a doubled opening mark
         [("Radical terrorism is a threat.", 1, True, 0)]),
        ("no marks", []),
    ],
)
def test_find_segments(text, expected):
    assert segments_of(text) == expected


LABELS = {"John Kirby": "PERSON", "Mary Smith": "PERSON", "Pentagon": "ORG"}
MAPPING = {"John Kirby": "John Kirby", "Kirby": "John Kirby", "Mary Smith": "Mary Smith",
           "Pentagon": "Pentagon"}


def test_pronouns_take_the_most_recent_fitting_name():
    resolver = SpeakerResolver(MAPPING, LABELS, person_mentions=[])
    steps = [(("name", "Mary Smith"), "Mary Smith"), (("pronoun", "she"), "Mary Smith"),
             (("name", "Mr. Kirby"), "John Kirby"), (("name", "the Pentagon"), "Pentagon"),
             (("pronoun", "he"), "John Kirby"), (("pronoun", "it"), "Pentagon"),
             (("pronoun", "she"), "Mary Smith"), (("phrase", "an official"), "an official")]
    for pos, (raw, expected) in enumerate(steps):
        assert resolver.resolve(raw, pos * 10)[0] == expected


def test_pronoun_without_a_named_speaker_takes_the_last_person_mentioned():
    resolver = SpeakerResolver(MAPPING, LABELS, person_mentions=[(5, "Mary Smith"), (50, "John Kirby")])
    assert resolver.resolve(("pronoun", "he"), 20) == ("Mary Smith", "PERSON")
    assert resolver.resolve(("pronoun", "we"), 60) == (None, "")


def test_a_surname_shared_by_two_people_stays_a_surname():
    labels = {"John Smith": "PERSON", "Mary Smith": "PERSON"}
    resolver = SpeakerResolver({}, labels, person_mentions=[])
    assert resolver.canonical("Smith") == "Smith"
    assert resolver.canonical("Mr. Kirby") == "Kirby"


def test_texts_come_from_the_article_as_written(tables_of):
    text = ("Headline\n\nRussia’s army has lost “many” tanks, John Kirby noted.\n\n"
            "“It isn’t over,” Kirby’s aide said.")
    result = tables_of(text)
    assert rows_of(result.quotes) == [
        ("indirect", "Russia’s army has lost “many” tanks", "John Kirby"),
        ("scare", "many", None),
        ("direct", "It isn’t over,", "Kirby’s aide"),
    ]
    for r in result.quotes.itertuples():
        assert unquoted(text[r.start_char : r.end_char]) == unquoted(r.text)
    for r in result.mentions.itertuples():
        assert text[r.start_char : r.end_char] == r.text


@pytest.mark.parametrize(
    ("verb", "cue"),
    [("said", "said"), ("added", "added"), ("noted", "noted"), ("wrote", "wrote"), ("warned", "warned"),
     ("insisted", "insisted"), ("explained", "explained"), ("tweeted", "tweeted"),
     ("agreed", "agreed"), ("pressed", "pressed"), ("fumed", "fumed"), ("cried", "cried"),
     ("beamed", "beamed"), ("exhorted", "exhorted"), ("reacted", "reacted"), ("sang", "sang"),
     ("laughed", None), ("smiled", None)],
)
def test_speech_verb_list(quotes_of, verb, cue):
    table = quotes_of(f'"We are ready to help them all," Kirby {verb}.')
    row = table.iloc[0]
    assert (plain(row.cue), plain(row.speaker)) == (cue, "Kirby" if cue else None)


# --- house styles and gender evidence: pure functions and the speaker_gender column ----------------

@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [("can't", 3, True), ("O'Brien", 1, True), ("shoot-'em-ups", 6, True), ("the '90s", 4, True),
     ("members' votes", 7, True),
     ("St Thomas' Hospital", 9, True), ("'We", 0, False), ("on,' said", 3, False), ("‘a", 0, False)],
)
def test_is_apostrophe(text, pos, expected):
    assert is_apostrophe(text, pos) is expected


@pytest.mark.parametrize(
    ("body", "single"),
    [("'We will fight on,' said Cullen. 'Never.'", True),
     ('"Putin is \'a dictator,\'" Kirby said.', False),
     ("The members' vote can't wait, said Cullen.", False)],
)
def test_uses_single_marks(body, single):
    text = "H\n\n" + body
    body_blocks = [b for b in split_blocks(text) if b.section == "body"]
    assert uses_single_marks(text, body_blocks) is single


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [("said Mr. Kirby", 9, "m"), ("said Ms Warren", 8, "f"), ("Mrs. Clinton", 0, "f"),
     ("said John Kirby", 5, None), ("said Sir Robert Goodwill", 9, "m"),
     ("Dame Emma Thompson", 5, "f"), ("said Baroness Hale", 14, "f"), ("Sirius Black", 0, None)],
)
def test_title_gender(text, pos, expected):
    assert title_gender(text, pos) == expected


def test_speaker_gender_comes_from_the_article_only(quotes_of):
    table = quotes_of('Elizabeth Warren spoke on Monday.\n\n"We have the votes," she said.\n\n'
                      '"We will see," said Mr. Kirby.\n\n"Maybe," said Jordan Lee.\n\n'
                      '"We are ready," the Pentagon said.')
    got = [(r.speaker, r.speaker_gender) for r in table.itertuples()]
    assert got == [("Elizabeth Warren", "woman"), ("Kirby", "man"), ("Jordan Lee", "unknown"),
                   ("Pentagon", "unknown")]


def test_seed_speaker_genders(seed):
    direct = seed.quotes[seed.quotes["kind"] == "direct"]
    genders = dict(zip(direct["speaker"], direct["speaker_gender"]))
    # Kirby is "he" in the article; Nazarova is never referred to by a pronoun or a title.
    assert genders == {"John Kirby": "man", "Oleksandra Nazarova": "unknown"}


@pytest.mark.parametrize(("body", "claim"), [
    ("According to White House press secretary Karine Jean-Pierre, Biden would sign the bill on Friday.",
     "Biden would sign the bill on Friday"),
    ("Biden would sign the bill on Friday, according to Karine Jean-Pierre.",
     "Biden would sign the bill on Friday"),
])
def test_according_to_without_marks_is_indirect_speech_of_its_source(quotes_of, body, claim):
    quotes = quotes_of(body)
    row = quotes[quotes["kind"] == "indirect"].iloc[0]
    assert (row["speaker"], row["text"], row["cue"].lower()) == ("Karine Jean-Pierre", claim, "according")


def test_a_pronoun_after_an_according_to_claim_is_its_source_not_the_claims_subject(quotes_of):
    quotes = quotes_of(
        "According to press secretary Karine Jean-Pierre, Biden would sign the bill on Friday night. "
        "She said the administration was disappointed that disaster aid was left out.")
    said = quotes[quotes["cue"] == "said"].iloc[0]
    assert said["speaker"] == "Karine Jean-Pierre"


@pytest.mark.parametrize(("name", "label", "expected"), [
    ("Carly Fiorina", "ORG", True),  # the model's label, not the name, says organisation
    ("Goldman Sachs Group", "ORG", False),
    ("Judiciary Committee", "ORG", False),
    ("NBC News", "ORG", False),
    ("Carly Fiorina", "GPE", False),
])
def test_looks_like_a_person(name, label, expected):
    assert looks_like_a_person(name, label) is expected


@pytest.mark.parametrize(("sentence", "speaker"), [
    ('"We are engaged," said Don Ytterberg, the GOP chairman.', ("name", "Don Ytterberg")),
    ('"We are engaged," said Tuesday that it was over.', None),
])
def test_a_person_right_after_the_verb_is_its_speaker(nlp, sentence, speaker):
    doc = nlp(sentence)
    verb = next(t for t in doc if t.lower_ == "said")
    assert name_right_after(verb) == speaker
