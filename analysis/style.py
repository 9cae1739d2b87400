"""One chart style for the collection: colour-blind-safe palette, finding-first titles, source notes,
and figure files that are byte-identical from run to run."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib as mpl

# Okabe & Ito (2008), distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
LABEL_COLORS = {
    "PERSON": "#0072B2", "ORG": "#E69F00", "GPE": "#009E73", "NORP": "#D55E00",
    "LOC": "#CC79A7", "FAC": "#56B4E9", "EVENT": "#F0E442", "PRODUCT": "#999999",
}
OTHER_COLOR = "#999999"
VOICE_COLORS = {"narration": "#999999", "quotation": "#0072B2"}
SENTIMENT_COLORS = {"positive": "#009E73", "neutral": "#999999", "negative": "#D55E00"}
FIGURE_WIDTH = 9.0
STYLE = {
    "figure.figsize": (FIGURE_WIDTH, 4.8),
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.15,
    "figure.constrained_layout.use": True,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "legend.frameon": False,
    "text.parse_math": False,  # article text ("$5 million ... $3 million") is never mathtext
    "svg.hashsalt": "news-analysis",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def apply_style() -> None:
    """Set the collection's matplotlib style for this process."""
    mpl.rcParams.update(STYLE)


def label_color(label: str) -> str:
    """The colour for an entity label (grey for labels outside the main ones)."""
    return LABEL_COLORS.get(label, OTHER_COLOR)


def wrap(text: str, width: int = 60) -> str:
    """Wrap a long title or label onto several lines."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def shorten(text: str, width: int = 40) -> str:
    """One-line label for article text, cut with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def add_source(fig, source: str, note: str = "") -> None:
    """A small source line under the chart: which article and which method."""
    line = f"Source: {source}" + (f" · {note}" if note else "")
    fig.supxlabel(wrap(line, 140), x=0.0, ha="left", fontsize=8, color="#555555")


def title_artists(ax) -> list:
    """The axes' non-empty title Text objects (left, centre, right)."""
    from matplotlib.text import Text

    wanted = {ax.get_title(loc) for loc in ("left", "center", "right")} - {""}
    return [child for child in ax.get_children()
            if isinstance(child, Text) and child.get_text() in wanted and child.get_text()]


def rewrapped(text: str, ratio: float) -> str:
    """The text re-wrapped to `ratio` of its current longest line (never below 20 characters)."""
    longest = max(len(line) for line in text.splitlines())
    return wrap(" ".join(text.split()), max(20, int(longest * ratio)))


def fit_titles(fig, tries: int = 4) -> None:
    """Re-wrap every axes title (and the figure's suptitle) that is wider than the space it belongs
    to, so a title never runs into a legend beside the axes, whatever the article's names."""
    for _ in range(tries):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        changed = False
        pairs = [(title, ax.get_window_extent(renderer).width) for ax in fig.axes
                 if ax.get_visible() and ax.get_label() != "<colorbar>" for title in title_artists(ax)]
        if fig._suptitle is not None and fig._suptitle.get_text():
            pairs.append((fig._suptitle, fig.bbox.width * 0.95))
        for title, room in pairs:
            width = title.get_window_extent(renderer).width
            if width > room * 1.001:
                title.set_text(rewrapped(title.get_text(), room / width * 0.97))
                changed = True
        if not changed:
            return


def save_figure(fig, name: str, out_dir: str | Path) -> list[Path]:
    """Save `fig` as name.png and name.svg in out_dir with no timestamps, so reruns are identical."""
    fit_titles(fig)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    png, svg = out / f"{name}.png", out / f"{name}.svg"
    fig.savefig(png, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]


def figure_title(fig) -> str:
    """The chart's title(s), used as the image's alternative text: the figure's own title first."""
    titles = [fig._suptitle.get_text()] if fig._suptitle is not None and fig._suptitle.get_text() else []
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")
               if ax.get_title(loc)]
    return " / ".join(" ".join(title.split()) for title in titles) or "chart"


def publish(fig, name: str, out_dir: str | Path) -> None:
    """Save the figure (PNG + SVG), show the saved PNG with its title as alt text, close it.

    Returns nothing, so a notebook cell ending with it prints no file paths.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    files = save_figure(fig, name, out_dir)
    alt = figure_title(fig)
    plt.close(fig)
    display(Image(data=files[0].read_bytes(), format="png"), metadata={"image/png": {"alt": alt}})


def integer_ticks(axis) -> None:
    """Whole-number ticks on an axis of counts or paragraph numbers (no 0.25 paragraphs)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
