"""The report site of a hostile article, opened in headless Chromium: no injected script runs,
every figure loads, and the article's text is shown literally.

Run by `make browser-check` (needs /usr/bin/chromium; `apt-get install -y chromium`). Not part
of `make test`: the report runs every notebook and the browser takes a while.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from check_site import CHROMIUM, check_site  # tests/browser is on sys.path (pytest rootdir import)

from analysis import paths

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"{CHROMIUM} is missing (apt-get install -y chromium)")

ARTICLE_ID = "hostile_site_check"
HOSTILE = (
    "Harbour fund loses $5 million <script>window.__pwned=1</script>as grant is delayed\n"
    "\n"
    '<img src=x onerror="window.__pwned=1"> The city council approved the harbour plan on '
    "Tuesday, ending a year of argument over the waterfront and its fishermen.\n"
    "\n"
    '"This is a good day for the harbour and for the people who work on it," Mayor Anna '
    "Lindqvist told reporters after the vote. Read more at javascript:window.__pwned=1 "
    '<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a> today.\n'
    "\n"
    '"We lost $5 million in March, 10% of the fund, and another $3 million in April," she said.\n'
    "\n"
    "Opposition leader Tom Baker said the plan would cost far too much. "
    '"It isn\'t the plan the council promised," Baker said.\n'
    "\n"
    "The $5 million shortfall will be covered by the Northern Ports Authority, the council said, "
    "while the $3 million grant from the government in Oslo is reviewed.\n"
)


NO_QUOTES = (
    "Harbour council approves waterfront plan after year of argument\n"
    "\n"
    "The city council of Bergen approved the harbour plan on Tuesday, ending a year of argument over "
    "the waterfront and the fishermen who work on it.\n"
    "\n"
    "The plan moves the fish market to the north quay and gives the Northern Ports Authority two years "
    "to rebuild the old warehouses. Opposition leader Tom Baker voted against it.\n"
    "\n"
    "Work is due to start in March. The government in Oslo has promised a grant towards the cost.\n"
)
# A saved web page that tries every way a page can run code: inline and external scripts, event
# handlers, `javascript:` links and addresses (its own canonical URL among them), an iframe, a
# meta refresh, and markup inside the facts (author, site name) that the index shows.
HOSTILE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Harbour plan approved | Harbour Gazette</title>
<meta http-equiv="refresh" content="0; url=javascript:window.__pwned=1">
<meta property="og:title" content="Harbour plan approved after a year of argument">
<meta property="og:site_name" content="Harbour &lt;script&gt;window.__pwned=1&lt;/script&gt; Gazette">
<meta property="og:url" content="javascript:window.__pwned=1">
<meta name="author" content="&lt;img src=x onerror=window.__pwned=1&gt; Ida Berg">
<meta property="article:published_time" content="2024-03-05T09:00:00Z">
<script>window.__pwned = 1;</script><script src="https://example.invalid/x.js"></script>
</head><body onload="window.__pwned=1">
<nav><a href="/">Home</a> <a href="javascript:window.__pwned=1">Politics</a></nav>
<div class="cookie-banner">We use cookies. <button onclick="window.__pwned=1">Accept</button></div>
<article>
<h1>Harbour plan approved after a year of argument</h1>
<p>The city council of Bergen approved the harbour plan on Tuesday, ending a year of argument over
the waterfront and the fishermen who work on it. <img src=x onerror="window.__pwned=1"></p>
<p>"This is a good day for the harbour and for the people who work on it," Mayor Anna Lindqvist
told reporters after the vote. Read more at
<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a> today.</p>
<iframe src="javascript:window.__pwned=1"></iframe>
<h2>What the plan costs</h2>
<p>Opposition leader Tom Baker said the plan would cost far too much. "It isn't the plan the
council promised," Baker said. The $5 million shortfall will be covered by the Northern Ports
Authority, while the $3 million grant from the government in Oslo is reviewed.</p>
<p>Work is due to start in March, the council said &lt;script&gt;window.__pwned=1&lt;/script&gt;.</p>
</article>
<footer>Copyright Harbour Gazette. <a href="/privacy">Privacy</a></footer>
</body></html>
"""
ARTICLES = {ARTICLE_ID: HOSTILE, "no_quotes_site_check": NO_QUOTES, "hostile_page_check.html": HOSTILE_PAGE}


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def site(request, tmp_path_factory):
    """`python -m analysis.report --article <file>` for a hostile article and one without quotations;
    the report is removed afterwards."""
    name = request.param if "." in request.param else f"{request.param}.txt"
    article = tmp_path_factory.mktemp("site") / name
    article.write_text(ARTICLES[request.param], encoding="utf-8")
    target = paths.report_dir(article)
    done = subprocess.run([sys.executable, "-m", "analysis.report", "--article", str(article)],
                          cwd=paths.PROJ_ROOT, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    try:
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        yield target / "site"
    finally:
        shutil.rmtree(target, ignore_errors=True)


@pytest.fixture(scope="module")
def pages(site):
    return {page.name: page for page in check_site(site)}


def test_every_page_was_checked(site, pages):
    expected = {p.name for p in site.glob("*.html")}
    assert "index.html" in expected and len(expected) > 1
    assert set(pages) == expected
    assert all(page.loaded for page in pages.values())


def test_no_injected_script_ran(pages):
    for name, page in pages.items():
        assert page.pwned == 0, name
        assert page.dialogs == [], name
        assert page.js_urls == [], name
        assert page.marked_scripts == [], name
        assert not [h for h in page.handlers if "__pwned" in h], name


def test_every_figure_loads(pages):
    for name, page in pages.items():
        assert page.broken_images == [], name
    figures = [img for page in pages.values() for img in page.images]
    assert len(figures) >= 5, "the studies draw figures"
    assert all(img["data_uri"] for img in figures)  # embedded, so the site works offline


def test_article_text_is_shown_literally(site, pages):
    if ARTICLE_ID not in str(site):
        pytest.skip("the hostile article only")
    text = "\n".join(page.text for page in pages.values())
    assert "$5 million" in text and "$3 million" in text
    assert "javascript:window.__pwned=1" in text  # the link text survives as inert text
    assert "<script>" not in text and "onerror=" not in text  # tags were blanked, not shown


def test_a_hostile_page_shows_its_article_and_facts_as_inert_text(site, pages):
    if "hostile_page_check" not in str(site):
        pytest.skip("the hostile web page only")
    index = pages["index.html"].text
    assert "Harbour plan approved after a year of argument" in index
    assert "2024-03-05" in index and "Ida Berg" in index
    text = "\n".join(page.text for page in pages.values())
    assert "Mayor Anna Lindqvist" in text and "What the plan costs" in text
    assert "We use cookies" not in text and "Copyright Harbour Gazette" not in text


def test_entities_are_highlighted_in_the_entities_study(pages):
    """The displaCy view of the article is shown, not left empty."""
    for name in ("03-Entities.html", "03-Entities.report.html"):
        assert pages[name].entity_marks >= 3, name


def test_index_names_the_headline_and_every_page_links_on(site, pages):
    index = pages["index.html"]
    headlines = {ARTICLE_ID: HOSTILE.splitlines()[0].split("<")[0].strip(),
                 "no_quotes_site_check": NO_QUOTES.splitlines()[0],
                 "hostile_page_check": "Harbour plan approved after a year of argument"}
    assert next(headline for name, headline in headlines.items() if name in str(site)) in index.text
    studies = sorted(name for name in pages if name.endswith(".report.html"))
    for previous, following in zip(studies, studies[1:]):
        assert following in pages[previous].nav_links and previous in pages[following].nav_links
        assert "index.html" in pages[previous].nav_links


def test_no_page_fails_the_checker(pages):
    assert {name: page.problems() for name, page in pages.items() if page.problems()} == {}


def test_the_checker_catches_injection_and_broken_images(tmp_path):
    """check_site itself: a page that does run the marker script and has a broken image fails."""
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><body><p>bait</p><script>window.__pwned=1</script>"
        '<img src="x" onerror="window.__pwned=1; delete window.__pwned">'
        '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8'
        'z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==">'
        '<a href="javascript:void(0)">x</a></body></html>', encoding="utf-8")
    (page,) = check_site(tmp_path)
    assert page.pwned == 2
    assert len(page.images) == 2 and len(page.broken_images) == 1
    assert page.images[1]["width"] == 1
    assert page.js_urls and page.marked_scripts
    assert any("injected script ran" in p for p in page.problems())
