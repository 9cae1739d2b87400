"""The read-only HTML site of a report: one code-hidden and one full page per study, and an index.

Pages are rendered by nbconvert's lab template, made to work offline (no CDN scripts, so article
text such as "$5 million ... $3 million" is never typeset as mathematics), given each chart's title
as alternative text, and linked to the index and to the previous and next study. A study that has
nothing to show (it displayed `display.unavailable(...)`) is left out, with its reason on the index.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .display import UNAVAILABLE_KEY, facts_line
from .studies.facts import source_line

REMOTE_SCRIPTS = [
    re.compile(r'<script src="https://[^"]*require[^"]*"></script>'),
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL),
]
MARKDOWN_MARKS = re.compile(r"[`*_]")
NBCONVERT_ALT = 'alt="No description has been provided for this image"'
NOTEBOOK_LINK = re.compile(r'href="(\d\d-[A-Za-z0-9_-]+)\.ipynb')
BODY_TAG = re.compile(r"<body[^>]*>")
SITE_CSS = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
li { margin: 0.6rem 0; } .muted { color: #666; font-size: 0.9rem; } .facts { color: #333; }
"""
NAV_CSS = """<style>
nav.study-nav { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
  font: 0.95rem system-ui, sans-serif; padding: 0.6rem 1rem; margin: 0 0 1rem;
  border-bottom: 1px solid #ddd; background: #fafafa; }
nav.study-nav.bottom { border-top: 1px solid #ddd; border-bottom: none; margin: 2rem 0 0; }
nav.study-nav a { color: #0b5cad; text-decoration: none; }
nav.study-nav a:hover { text-decoration: underline; }
</style>"""


@dataclass(frozen=True)
class Study:
    """One executed notebook as the site shows it: its title, one-line summary and page names."""

    notebook: Path
    title: str
    summary: str
    unavailable: str | None

    @property
    def full_page(self) -> str:
        return f"{self.notebook.stem}.html"

    @property
    def report_page(self) -> str:
        return f"{self.notebook.stem}.report.html"


def first_sentence(text: str) -> str:
    """The text up to and including its first sentence end (the index shows one line per study)."""
    match = re.search(r"[.?!](\s|$)", text)
    return text[: match.end()].strip() if match else text.strip()


def title_and_summary(notebook: dict) -> tuple[str, str]:
    """The first Markdown heading of a notebook and the first line of prose after it."""
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        lines = [line.strip() for line in "".join(cell["source"]).splitlines() if line.strip()]
        if lines and lines[0].startswith("#"):
            title = lines[0].lstrip("#").strip()
            summary = next((line for line in lines[1:] if not line.startswith("#")), "")
            return title, first_sentence(MARKDOWN_MARKS.sub("", summary))
    return "Untitled", ""


def unavailable_reason(notebook: dict) -> str | None:
    """The reason a study had nothing to show (an output marked by `display.unavailable`), or None."""
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            reason = output.get("metadata", {}).get(UNAVAILABLE_KEY)
            if reason:
                return str(reason)
    return None


def read_study(notebook: Path) -> Study:
    """The site's view of one executed notebook."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    title, summary = title_and_summary(data)
    return Study(notebook, title, summary, unavailable_reason(data))


def image_alts(nb) -> list[str]:
    """Alternative texts of the notebook's PNG outputs, in page order (set by style.publish)."""
    return [
        output.get("metadata", {}).get("image/png", {}).get("alt", "chart")
        for cell in nb.cells if cell.cell_type == "code"
        for output in cell.get("outputs", []) if "image/png" in output.get("data", {})
    ]


def add_alt_texts(page: str, alts: list[str]) -> str:
    """Replace nbconvert's placeholder alt text with each chart's title, in order."""
    for alt in alts:
        page = page.replace(NBCONVERT_ALT, f'alt="{html.escape(alt, quote=True)}"', 1)
    return page


def strip_remote_scripts(page: str) -> str:
    """Remove the CDN scripts nbconvert's template adds (require.js, MathJax)."""
    for pattern in REMOTE_SCRIPTS:
        page = pattern.sub("", page)
    return page


def nav_bar(previous: Study | None, following: Study | None, code: bool, where: str) -> str:
    """Links to the previous study, the index and the next study (same kind of page: with or without code)."""
    def link(study: Study | None, arrow_before: str, arrow_after: str) -> str:
        if study is None:
            return "<span></span>"
        page = study.full_page if code else study.report_page
        return (f'<a href="{html.escape(page, quote=True)}">{arrow_before}{html.escape(study.title)}'
                f"{arrow_after}</a>")

    return (f'<nav class="study-nav {where}" aria-label="studies">{link(previous, "← ", "")}'
            f'<a href="index.html">All studies (index)</a>{link(following, "", " →")}</nav>')


def with_navigation(page: str, top: str, bottom: str) -> str:
    """The page with a navigation bar after <body> and another before </body>."""
    match = BODY_TAG.search(page)
    if match is None:
        return page
    page = page[: match.end()] + NAV_CSS + top + page[match.end() :]
    end = page.rfind("</body>")
    return page[:end] + bottom + page[end:] if end >= 0 else page


@lru_cache(maxsize=2)
def html_exporter(hide_code: bool):
    """The nbconvert HTML exporter (lab template), built once per variant: building one is slow."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {"injected-parameters"}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, template_name="lab", exclude_input=hide_code,
                            exclude_input_prompt=hide_code, exclude_output_prompt=hide_code)
    exporter.log.setLevel(logging.ERROR)  # its missing-alt warning: add_alt_texts fixes that
    return exporter


def export_html(study: Study, site: Path, previous: Study | None, following: Study | None) -> None:
    """Write the study's full page (with code) and its report page (code hidden), both navigable."""
    import nbformat

    nb = nbformat.read(study.notebook, as_version=4)
    nb.metadata["title"] = study.title
    for page, hide_code in ((study.full_page, False), (study.report_page, True)):
        body, _ = html_exporter(hide_code).from_notebook_node(nb)
        body = strip_remote_scripts(add_alt_texts(body, image_alts(nb)))
        suffix = ".report.html" if hide_code else ".html"
        body = NOTEBOOK_LINK.sub(rf'href="\1{suffix}', body)
        code = not hide_code
        body = with_navigation(body, nav_bar(previous, following, code, "top"),
                               nav_bar(previous, following, code, "bottom"))
        (site / page).write_text(body, encoding="utf-8")


def index_page(studies: list[Study], headline: str, source: str, facts: dict | None = None) -> str:
    """index.html: the article's headline, the facts around it, its source file in small print,
    one line per study."""
    items = []
    for study in studies:
        if study.unavailable:
            items.append(f"<li><strong>{html.escape(study.title)}</strong> — "
                         f'<span class="muted">left out: {html.escape(study.unavailable)}</span></li>')
            continue
        items.append(
            f'<li><a href="{html.escape(study.report_page, quote=True)}"><strong>'
            f"{html.escape(study.title)}</strong></a> — {html.escape(study.summary)} "
            f'<span class="muted">(<a href="{html.escape(study.full_page, quote=True)}">with code</a>)'
            "</span></li>")
    heading = headline.strip() or "News article studies"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(heading)} — news article studies</title><style>{SITE_CSS}</style>"
        f'</head><body><p class="muted">News article studies</p><h1>{html.escape(heading)}</h1>'
        f'{facts_line(facts)}<p class="muted">{html.escape(source_line(source, facts or {}))}</p><ol>\n'
        + "\n".join(items)
        + "\n</ol></body></html>\n"
    )


def build_site(executed: list[Path], site: Path, source: str, headline: str = "",
               facts: dict | None = None) -> Path:
    """Render every executed notebook that has something to show, linked in order; write the index."""
    site.mkdir(parents=True, exist_ok=True)
    studies = [read_study(notebook) for notebook in executed]
    shown = [study for study in studies if not study.unavailable]
    for k, study in enumerate(shown):
        export_html(study, site, shown[k - 1] if k else None, shown[k + 1] if k + 1 < len(shown) else None)
    (site / "index.html").write_text(index_page(studies, headline, source, facts), encoding="utf-8")
    return site / "index.html"
