"""The web-page reader: sections from trafilatura's tree, boilerplate left out, facts, offsets,
hostile markup made inert, pages without an article refused, and bad input refused fast."""

from __future__ import annotations

import base64
import random
import socket
import time

import pytest

from analysis.errors import ArticleError
from analysis.sources.html import NO_ARTICLE, NOT_HTML, read_html
from analysis.sources.read import document_from_bytes

PARAGRAPHS = (
    "The city council approved the harbour redevelopment plan on Tuesday, ending a year of "
    "argument over the waterfront and the old docks.",
    '"This is a good day for the harbour and for the people who work on it," Mayor Anna '
    "Lindqvist told reporters after the vote.",
    "Opposition leader Tom Baker said the plan would cost far too much, and he promised to fight "
    "it at the next election in the spring.",
    "The project will be paid for by the Northern Ports Authority and the government in Oslo, "
    "officials said on Tuesday evening.",
)
HEADLINE = "Harbour plan approved after a year of argument"
BOILERPLATE = """
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience on our site.
<button>Accept all cookies</button></div>
"""
AFTER = """
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Port strike ends after six weeks</a></li>
<li><a href="/b">Ferry timetable changes for the winter</a></li></ul></aside>
<footer><p>Copyright 2021 Tidewater Gazette. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
"""


def page(article: str, head: str = "<title>Harbour plan approved</title>", before: str = BOILERPLATE,
         after: str = AFTER) -> bytes:
    """A whole web page around an article's markup, with a site's usual furniture."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head><body>{before}'
            f"<article>{article}</article>{after}</body></html>").encode()


def paragraphs(texts=PARAGRAPHS) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def sections(document) -> list[tuple[str, str]]:
    return [(block.section, block.text) for block in document.blocks]


def test_sections_from_the_page_structure():
    article = (
        f"<h1>{HEADLINE}</h1><p>{PARAGRAPHS[0]}</p>"
        '<p class="imageCaption">The old harbour at dawn, seen from the north pier.</p>'
        f"<h2>What changes on the waterfront</h2><p>{PARAGRAPHS[1]}</p>"
        '<blockquote class="pullquote">This is a good day for the harbour</blockquote>'
        f"<p>{PARAGRAPHS[2]}</p>"
        "<blockquote><p>We will not let the council sell the waterfront to developers without "
        "asking the people who live here.</p></blockquote>"
        "<ul><li>New quays for the fishing fleet by 2024.</li><li>A public walkway along the "
        "whole waterfront.</li></ul>"
        "<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2022</td><td>$5 million</td></tr></table>"
        f"<p>{PARAGRAPHS[3]}</p>"
    )
    assert sections(read_html(page(article), "harbour.html")) == [
        ("headline", HEADLINE),
        ("body", PARAGRAPHS[0]),
        ("caption", "The old harbour at dawn, seen from the north pier."),
        ("subheading", "What changes on the waterfront"),
        ("body", PARAGRAPHS[1]),
        ("pullquote", "This is a good day for the harbour"),
        ("body", PARAGRAPHS[2]),
        ("body", "We will not let the council sell the waterfront to developers without asking the "
                 "people who live here."),
        ("body", "New quays for the fishing fleet by 2024."),
        ("body", "A public walkway along the whole waterfront."),
        ("table", "| Year | Cost |"),
        ("table", "| 2022 | $5 million |"),
        ("body", PARAGRAPHS[3]),
    ]


def test_headline_is_the_title_without_site_name_when_the_text_has_no_h1():
    head = ('<title>Harbour plan approved | Tidewater Gazette</title>'
            '<meta property="og:site_name" content="Tidewater Gazette">')
    document = read_html(page(paragraphs(), head=head))
    assert sections(document)[0] == ("headline", "Harbour plan approved")
    assert document.facts.title == "Harbour plan approved"
    assert document.facts.outlet == "Tidewater Gazette"


def test_a_quote_repeating_no_body_text_is_body_and_a_later_h1_a_subheading():
    article = (f"<h1>{HEADLINE}</h1>{paragraphs(PARAGRAPHS[:2])}<h1>Reactions</h1>"
               "<blockquote><p>I have never seen the harbour so full of hope, said a fisherman "
               "who has worked there for forty years.</p></blockquote>" + paragraphs(PARAGRAPHS[2:]))
    assert [s for s, _ in sections(read_html(page(article)))] == [
        "headline", "body", "body", "subheading", "body", "body", "body"]


def test_navigation_cookies_sharing_related_links_and_footer_are_left_out():
    document = read_html(page(f"<h1>{HEADLINE}</h1>{paragraphs()}"))
    assert sections(document) == [("headline", HEADLINE)] + [("body", text) for text in PARAGRAPHS]
    for boilerplate in ("Home", "Sport", "cookies", "Accept", "Share on", "Related stories",
                        "Port strike", "Copyright", "Privacy"):
        assert boilerplate not in document.text


def test_facts_from_meta_tags():
    head = """<title>Harbour plan approved - Tidewater Gazette</title>
    <meta property="og:title" content="Harbour plan approved">
    <meta property="og:site_name" content="Tidewater Gazette">
    <meta property="og:url" content="https://www.tidewater-gazette.example/news/harbour-plan">
    <meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2021-03-04T10:00:00+00:00">"""
    facts = read_html(page(paragraphs(), head=head)).facts
    assert facts.title == "Harbour plan approved"
    assert facts.author == "Jane Doe"
    assert facts.published == "2021-03-04"
    assert facts.published_from == "page metadata (trafilatura)"
    assert facts.outlet == "Tidewater Gazette"
    assert facts.url == "https://www.tidewater-gazette.example/news/harbour-plan"


def test_facts_from_json_ld_and_the_host_name_as_outlet():
    head = """<title>Harbour plan approved</title>
    <link rel="canonical" href="https://news.harbourtown.example/2021/harbour-plan">
    <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Harbour plan approved", "datePublished": "2021-03-05",
    "author": {"@type": "Person", "name": "John Smith"}}</script>"""
    facts = read_html(page(paragraphs(), head=head)).facts
    assert (facts.title, facts.author, facts.published, facts.published_from) == (
        "Harbour plan approved", "John Smith", "2021-03-05", "page metadata (trafilatura)")
    assert facts.url == "https://news.harbourtown.example/2021/harbour-plan"
    assert facts.outlet == "news.harbourtown.example"


def test_no_date_means_no_source_for_it():
    facts = read_html(page(paragraphs())).facts
    assert (facts.published, facts.published_from, facts.author) == (None, None, None)


def test_entities_are_decoded():
    texts = ("Shares in AT&amp;T rose 5% &ndash; and the caf&eacute; owners said profits &lt; costs "
             "would not last, &#8220;not for a year&#8221; at least.",) + PARAGRAPHS[1:]
    body = [text for section, text in sections(read_html(page(paragraphs(texts)))) if section == "body"]
    assert body[0] == ("Shares in AT&T rose 5% – and the café owners said profits < costs would not "
                       "last, “not for a year” at least.")


def test_every_block_is_found_at_its_offsets():
    article = (f"<h1>{HEADLINE}</h1><p>{PARAGRAPHS[0]}</p><h2>What   changes\n now</h2>"
               f"<p>{PARAGRAPHS[1]}<br>and a second line</p><ul><li>One quay.</li><li>Two walkways.</li>"
               f"</ul><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>")
    document = read_html(page(article))
    assert len(document.blocks) == 8
    for block in document.blocks:
        assert document.text[block.start:block.end] == block.text
        assert "\n" not in block.text and block.text == block.text.strip()


HOSTILE = """<h1>Harbour plan approved after a year of argument</h1>
<p>The city council approved the harbour redevelopment plan on Tuesday, ending a year of argument over
the waterfront.<script>alert("INLINE-SCRIPT")</script></p>
<p>Mayor Anna Lindqvist <a href="javascript:alert('JS-LINK')">called</a> it a good day<img src="x.png"
onerror="alert('IMG-ONERROR')"> for the people who work on the harbour and their families.</p>
<iframe src="https://evil.example/frame" srcdoc="&lt;p&gt;IFRAME-SRCDOC&lt;/p&gt;">IFRAME-TEXT</iframe>
<p>Opposition leader Tom Baker said the plan would cost far too much and would not pass again.</p>
<noscript><p>NOSCRIPT-TEXT please enable JavaScript to see the comments on this story here.</p></noscript>
<svg><script>alert('SVG-SCRIPT')</script></svg><object data="https://evil.example/x">OBJECT-TEXT</object>
<embed src="https://evil.example/y"></embed><style>p::before { content: "STYLE-TEXT" }</style>
<template><p>TEMPLATE-TEXT that should never show up in the body of the article at all.</p></template>
<!-- COMMENT-TEXT --><form action="https://evil.example/"><input value="FORM-VALUE">
<button>FORM-BUTTON</button></form>
<p>The project will be paid for by the Northern Ports Authority and the government in Oslo,
officials said.</p>"""


def test_hostile_markup_ends_as_nothing():
    head = ('<title>Harbour</title><script>document.write("HEAD-SCRIPT")</script>'
            '<base href="https://evil.example/"><meta http-equiv="refresh" content="0; url=https://evil.example/">')
    document = read_html(page(HOSTILE, head=head).replace(b"<body>", b"<body onload=\"alert('ONLOAD')\">"))
    assert [text for _, text in sections(document)] == [
        "Harbour plan approved after a year of argument",
        "The city council approved the harbour redevelopment plan on Tuesday, ending a year of "
        "argument over the waterfront.",
        "Mayor Anna Lindqvist called it a good day for the people who work on the harbour and their "
        "families.",
        "Opposition leader Tom Baker said the plan would cost far too much and would not pass again.",
        "The project will be paid for by the Northern Ports Authority and the government in Oslo, "
        "officials said.",
    ]
    for unwanted in ("<", ">", "alert", "javascript", "SCRIPT", "IFRAME", "NOSCRIPT", "OBJECT", "STYLE",
                     "TEMPLATE", "COMMENT", "FORM", "evil"):
        assert unwanted not in document.text


def test_nothing_is_fetched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    head = ('<title>Harbour</title><link rel="stylesheet" href="https://cdn.example/site.css">'
            '<script src="https://cdn.example/app.js"></script>'
            '<meta property="og:url" content="https://www.tidewater-gazette.example/harbour">')
    article = (f'<h1>{HEADLINE}</h1><img src="https://cdn.example/a.jpg"><p>{PARAGRAPHS[0]} '
               f'<a href="https://example.org/more">More</a></p>{paragraphs(PARAGRAPHS[1:])}'
               '<iframe src="https://video.example/embed"></iframe>')
    assert len(read_html(page(article, head=head)).blocks) == 5


def test_the_html_suffix_picks_this_reader():
    document = document_from_bytes(page(f"<h1>{HEADLINE}</h1>{paragraphs()}"), "story.html")
    assert sections(document)[:2] == [("headline", HEADLINE), ("body", PARAGRAPHS[0])]


INDEX = "".join(
    f'<div class="teaser"><h2><a href="/story{i}">Council story number {i} of the week</a></h2>'
    f'<p class="byline">By Jane Doe, 3 min read</p><a href="/story{i}">Read more</a></div>'
    for i in range(12))
NO_ARTICLE_PAGES = {
    "index page": page(f"<h1>Latest news</h1>{INDEX}", before="", after="").replace(b"article>", b"main>"),
    "paywall stub": page(f"<h1>{HEADLINE}</h1><p>{PARAGRAPHS[0]}</p><div class='paywall'><h2>Subscribe to "
                         "keep reading</h2><p>Unlimited access for $1 a week. Cancel anytime.</p>"
                         "<a href='/login'>Already a subscriber? Log in</a></div>"),
    "login form": page("<h1>Sign in</h1><form action='/login' method='post'><label>Email <input name='email'>"
                       "</label><label>Password <input type='password' name='password'></label>"
                       "<button>Sign in</button></form><p><a href='/forgot'>Forgot your password?</a></p>"),
    "not found page": page("<h1>Page not found</h1><p>Sorry, the page you are looking for does not exist.</p>"
                           "<p><a href='/'>Go to the home page</a></p>"),
    "empty page": b"",
    "blank page": b" \n\t ",
    "markup only": b"<!DOCTYPE html><html><head><title></title></head><body><div><span></span></div>"
                   b"<img src='x.png'><script>var x = 1;</script></body></html>",
}


@pytest.mark.parametrize("shape", NO_ARTICLE_PAGES)
def test_a_page_without_an_article_is_refused_in_one_line(shape):
    with pytest.raises(ArticleError) as raised:
        read_html(NO_ARTICLE_PAGES[shape], f"{shape}.html")
    assert str(raised.value) == NO_ARTICLE


def returns_fast(data: bytes, seconds: float = 3.0):
    """The Document or the ArticleError of `data`, checking it came within `seconds`."""
    start = time.perf_counter()
    try:
        result = read_html(data, "bad.html")
    except ArticleError as exc:
        result = exc
    assert time.perf_counter() - start < seconds
    return result


def test_garbage_bytes_are_not_a_web_page():
    result = returns_fast(random.Random(7).randbytes(200_000))
    assert isinstance(result, ArticleError) and str(result) == NOT_HTML


def test_windows_1252_page_with_a_meta_charset():
    texts = ("The caf\u00e9 owners called the plan \u201ca good start\u201d \u2013 and the mayor agreed.",
             ) + PARAGRAPHS[1:]
    data = page(paragraphs(texts), head='<meta charset="windows-1252"><title>Harbour</title>')
    data = data.decode("utf-8").replace('<meta charset="utf-8">', "").encode("cp1252")
    assert sections(returns_fast(data))[1] == ("body", texts[0])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_utf16_and_bom_pages(encoding):
    texts = ("The caf\u00e9 owners called the plan \u201ca good start\u201d.",) + PARAGRAPHS[1:]
    data = page(paragraphs(texts)).decode("utf-8").replace(' charset="utf-8"', "").encode(encoding)
    assert [text for section, text in sections(returns_fast(data)) if section == "body"] == list(texts)


def test_a_20_mb_page_of_nested_divs_is_refused_at_once():
    result = returns_fast(b"<html><body>" + b"<div>" * 4_000_000 + b"</body></html>", seconds=1.0)
    assert str(result) == "too large for one web page (20 MB of markup and text)"


def test_deep_nesting_under_the_size_limit_is_read():
    deep = b"<div>" * 700_000 + b"<p>lost in the depths</p>"
    result = returns_fast(page(f"<h1>{HEADLINE}</h1>{paragraphs()}").replace(b"</body>", deep + b"</body>"))
    assert [text for section, text in sections(result) if section == "body"] == list(PARAGRAPHS)


def test_inline_images_do_not_count_towards_the_size_limit():
    image = '<img src="data:image/jpeg;base64,' + base64.b64encode(bytes(3_000_000)).decode() + '">'
    data = page(f"<h1>{HEADLINE}</h1>{image}{paragraphs()}{image}")
    assert len(data) > 8_000_000
    assert [text for _, text in sections(returns_fast(data))] == [HEADLINE, *PARAGRAPHS]


LAUGHS = b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
BOMB_DOCTYPE = b'<!DOCTYPE html [<!ENTITY lol0 "lol">' + LAUGHS + b"]>"


@pytest.mark.parametrize("prefix", [b"", b'<?xml version="1.0"?>'])
def test_an_entity_bomb_is_never_expanded(prefix):
    article = f"<h1>{HEADLINE}</h1>{paragraphs()}<p>&lol9; &lol9; &lol9;</p>"
    data = prefix + BOMB_DOCTYPE + page(article).removeprefix(b"<!DOCTYPE html>")
    assert sections(returns_fast(data))[-2:] == [("body", PARAGRAPHS[-1]), ("body", "&lol9; &lol9; &lol9;")]


def test_the_extractor_logs_nothing_of_its_own(caplog):
    with caplog.at_level("DEBUG"), pytest.raises(ArticleError):
        read_html(b"", "empty.html")
    assert [r for r in caplog.records if r.name.startswith("trafilatura")] == []
