# %% [markdown]
# # Overview: the article at a glance
# What is this article, how is it built, and whose words fill it? This notebook reads the article once through the `analysis` package and summarises what the five studies that follow find in detail.
#
# **How to use it.** Run top to bottom. The `parameters` cell below names the article and where charts go; `make report ARTICLE=path/to/other.txt` replaces them (papermill) and runs every study on another article.

# %% tags=["parameters"]
ARTICLE = None  # path to a plain-text article; None = the bundled Pentagon briefing story
FIGURES_DIR = None  # where charts are saved; None = the project's figures/ folder

# %%
import matplotlib.pyplot as plt

from analysis import analyze, paths, summary
from IPython.display import Markdown

from analysis.display import escape_md, md, table
from analysis.style import VOICE_COLORS, PALETTE, add_source, apply_style, save_figure

article = analyze(paths.from_root(ARTICLE, paths.DEFAULT_ARTICLE))
figures_dir = paths.from_root(FIGURES_DIR, paths.FIGURES_DIR)
apply_style()
counts = summary.structure_counts(article)

# %%
md("## {headline}\n\n*{standfirst}*\n\nSource file: {source} · parsed with spaCy {model}",
   headline=article.headline, standfirst=article.standfirst or "(no standfirst)",
   source=article.source, model=article.model)

# %% [markdown]
# ## Structure
# The package splits the file into a headline, an optional standfirst (the summary line under it), photo captions or credits (short lines without closing punctuation, kept out of every count) and body paragraphs. Words are whitespace-separated runs that contain a letter or digit; a word is *quoted* when it sits inside a direct quotation's marks.

# %%
md("The body has **{paragraphs}** paragraphs, **{sentences}** sentences and **{words}** words "
   "({per_para} words per paragraph, {per_sent} per sentence on average). "
   "**{share}** of its words are direct quotation; the rest is the reporter's narration.",
   paragraphs=counts["paragraphs"], sentences=counts["sentences"], words=f"{counts['words']:,}",
   per_para=f"{counts['words'] / max(1, counts['paragraphs']):.1f}",
   per_sent=f"{counts['words'] / max(1, counts['sentences']):.1f}",
   share=f"{counts['quoted_share']:.0%}")

# %%
table(article.paragraphs[["paragraph", "section", "n_sentences", "n_words", "quoted_words", "text"]]
      .assign(text=lambda d: d["text"].str.slice(0, 90)), max_rows=60)

# %% [markdown]
# ## Whose words fill the article
# Each bar segment is the share of body words spoken in direct quotation by one speaker; grey is narration. Indirect speech ("…, Kirby noted") counts as narration here: the words are the reporter's.

# %%
voices = summary.voice_shares(article)
fig, ax = plt.subplots(figsize=(9, 2.0))
left = 0.0
for i, row in enumerate(voices.itertuples()):
    color = VOICE_COLORS["narration"] if row.voice == "narration" else PALETTE[i % len(PALETTE)]
    ax.barh([0], [row.share], left=left, height=0.6, color=color, edgecolor="white",
            label=f"{row.voice} ({row.share:.0%})")
    left += row.share
top_voice = voices.iloc[1] if len(voices) > 1 else None
title = (f"{top_voice.voice} speaks {top_voice.share:.0%} of the body's words; narration {voices.iloc[0].share:.0%}"
         if top_voice is not None else "No direct quotation: every word is narration")
ax.set_title(title)
ax.set_xlim(0, 1)
ax.set_yticks([])
ax.set_xlabel("share of body words")
ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
ax.grid(axis="y", visible=False)
fig.legend(loc="outside right upper")
add_source(fig, article.source, "words inside direct quotation marks, by attributed speaker")
save_figure(fig, "01-voices", figures_dir)
plt.show()

# %% [markdown]
# ## Key figures from the studies
# Each line is computed from the tables; the notebooks linked below explain the method and its limits.

# %%
entities, quotes = article.entities, summary.direct_quotes(article)
speakers = summary.speaker_summary(article)
sentences = summary.body(article.sentences)
voice_means = sentences.groupby("in_quote")["vader_compound"].mean()
body_read = article.readability.set_index("scope").loc["body"]
lines = []
if len(entities):
    top = entities.iloc[0]
    lines.append(f"- **Entities** ([03-Entities](03-Entities.ipynb)): {len(entities)} distinct named entities; "
                 f"the most mentioned is {escape_md(top.entity)} ({top.label}, {top.mentions} mentions).")
if len(quotes):
    lead = speakers.iloc[0]
    lines.append(f"- **Voices** ([04-Voices](04-Voices.ipynb)): {len(quotes)} direct quotations from "
                 f"{quotes['speaker'].nunique()} speaker(s); {escape_md(lead.speaker)} has {lead.direct_quotes} of them.")
else:
    lines.append("- **Voices** ([04-Voices](04-Voices.ipynb)): no direct quotation found.")
lines.append(f"- **Sentiment** ([05-Sentiment](05-Sentiment.ipynb)): mean VADER compound per sentence is "
             f"{voice_means.get(False, float('nan')):+.2f} in narration and "
             f"{voice_means.get(True, float('nan')):+.2f} in quotation (−1 to +1; ±0.05 is neutral).")
lines.append(f"- **Readability** ([06-Readability](06-Readability.ipynb)): Flesch–Kincaid grade "
             f"{body_read.flesch_kincaid_grade:.1f}, Flesch Reading Ease {body_read.flesch_reading_ease:.0f}, "
             f"consensus grade {body_read.consensus_grade:.0f}.")
lines.append("- **Structure** ([02-Structure](02-Structure.ipynb)): paragraph and sentence lengths, "
             "where the quotations sit.")
Markdown("\n".join(lines))

# %% [markdown]
# ## What this can get wrong
# - The headline / standfirst / caption split is a layout heuristic: a file that does not put the headline on its first line, or puts a long caption in the body, will be split differently. The paragraph table above shows what was decided.
# - Quoted share counts only words inside quotation marks with an attributed or inherited speaker; unquoted paraphrase is narration.
# - All figures come from English-language models: on other languages the package warns and the numbers are not meaningful.
