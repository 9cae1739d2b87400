"""Builders for hostile article files: bad encodings, odd quotation marks, markup, huge inputs.

Each builder returns the file's bytes (or, for paths that are not regular files, creates them),
so the same input goes through `analyze()` and the command line unchanged.
"""

from __future__ import annotations

import re

from analysis import paths

SEED = paths.DEFAULT_ARTICLE
SEED_OVERRIDES = SEED.with_name(SEED.stem + ".overrides.toml")

# A short, realistic article: a headline, named speakers, direct and reported speech, apostrophes.
BASE = (
    "Council approves harbour plan after a year of argument\n"
    "\n"
    "The city council approved the harbour redevelopment plan on Tuesday, ending a year of "
    "argument over the waterfront.\n"
    "\n"
    '"This is a good day for the harbour and for the people who work on it," Mayor Anna '
    "Lindqvist told reporters after the vote.\n"
    "\n"
    '"We listened to the fishermen, and we changed the plan," she said.\n'
    "\n"
    "Opposition leader Tom Baker said the plan would cost far too much. "
    '"It isn\'t the plan the council promised," Baker said.\n'
    "\n"
    "The project will be paid for by the Northern Ports Authority and the government in Oslo.\n"
)

# The same article with no quotation marks at all: reported speech only.
NO_QUOTES = (
    "Council approves harbour plan after a year of argument\n"
    "\n"
    "The city council approved the harbour redevelopment plan on Tuesday, ending a year of "
    "argument over the waterfront.\n"
    "\n"
    "Mayor Anna Lindqvist said the vote was a good day for the people who work on the harbour.\n"
    "\n"
    "Opposition leader Tom Baker said the plan would cost far too much.\n"
)

# Two whole quotations, then one opening mark that never closes (an odd number of marks: 5).
ODD_QUOTES = (
    "Council approves harbour plan after a year of argument\n"
    "\n"
    '"This is a good day for the harbour," Mayor Anna Lindqvist told reporters.\n'
    "\n"
    '"We changed the plan," she said.\n'
    "\n"
    'Opposition leader Tom Baker said the council had "broken its word and the harbour too.\n'
)

MONEY = (
    "Harbour fund loses $5 million as $3 million grant is delayed\n"
    "\n"
    '"We lost $5 million in March, 10% of the fund, and another $3 million in April," Mayor Anna '
    "Lindqvist told reporters on Tuesday.\n"
    "\n"
    "The $5 million shortfall will be covered by the Northern Ports Authority, the council said, "
    "while the $3 million grant from the government in Oslo is reviewed.\n"
)
# Parsed as mathtext this title raises ("%" starts a TeX comment inside $...$).
MONEY_TITLE = "Lost $5 million in March (10% of the fund) ... and $3 million in April"

HOSTILE_MARKUP = (
    "Harbour plan approved <script>window.__pwned=1</script>after debate\n"
    "\n"
    '<img src=x onerror="window.__pwned=1"> The city council approved the harbour plan on '
    "Tuesday, ending a year of argument.\n"
    "\n"
    '"This is a good day for the harbour <b>and</b> its people," Mayor Anna Lindqvist told '
    'reporters. <a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a>\n'
    "\n"
    '"We lost $5 million in March, 10% of the fund, and $3 million in April," she said.\n'
)

GERMAN = (
    "Stadtrat beschließt den neuen Hafenplan nach langer Debatte\n"
    "\n"
    "Der Stadtrat hat am Dienstag den Plan für die Erneuerung des Hafens beschlossen. Damit endet "
    "ein Jahr voller Streit über die Zukunft des Ufers und der Fischer, die dort arbeiten.\n"
    "\n"
    "Die Bürgermeisterin sprach von einem guten Tag für den Hafen. Die Opposition hält den Plan "
    "für viel zu teuer und will im Herbst erneut darüber abstimmen lassen.\n"
)

PARAGRAPH_WORDS = (
    "harbour council vote plan fishermen waterfront budget grant mayor opposition ferry quay "
    "cranes tide cargo warehouse pier dredging permit contract"
).split()


def curly_quotes(text: str) -> str:
    """Straight quotation marks and apostrophes made typographic by position.

    A double mark at the start of a line or after whitespace or an opening bracket opens (“),
    any other closes (”). A single mark opens (‘) only in that position and before a letter;
    everywhere else it is an apostrophe or closing mark (’).
    """
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else "\n"
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = before.isspace() or before in "([{—–-"
        if ch == '"':
            out.append("“" if opening else "”")
        elif ch == "'":
            out.append("‘" if opening and after.isalpha() else "’")
        else:
            out.append(ch)
    return "".join(out)


def straight_quotes(text: str) -> str:
    """Typographic quotation marks and apostrophes back to straight ones."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


def mixed_quotes(text: str) -> str:
    """Every other quotation made curly (both its marks), apostrophes curly in those only."""
    pieces = re.split(r'("[^"\n]*")', text)
    return "".join(curly_quotes(p) if p.startswith('"') and (i // 2) % 2 == 0 else p
                   for i, p in enumerate(pieces))


def seed_text() -> str:
    """The bundled article's text as stored (UTF-8, LF)."""
    return SEED.read_text(encoding="utf-8")


def big_article(target_bytes: int = 2_000_000) -> str:
    """A headline and the seed's body repeated until the text is at least `target_bytes` long."""
    body = seed_text().split("\n", 2)[2].strip("\n")
    copies = -(-target_bytes // (len(body.encode()) + 2))
    return "Pentagon briefing, repeated\n\n" + "\n\n".join([body] * copies) + "\n"


def long_sentence(n_words: int = 5000) -> str:
    """A headline and one paragraph holding a single sentence of `n_words` words."""
    words = [PARAGRAPH_WORDS[i % len(PARAGRAPH_WORDS)] for i in range(n_words)]
    words[0] = words[0].capitalize()
    # commas every few words keep it one grammatical run-on; one full stop at the very end
    sentence = " ".join(w + ("," if i % 7 == 6 else "") for i, w in enumerate(words[:-1]))
    return "The longest sentence\n\n" + sentence + " " + words[-1] + ".\n"


def invalid_utf8_middle() -> bytes:
    """BASE with curly marks as UTF-8 with one stray 0xFF byte inside its narration paragraph.

    (Pure ASCII plus one bad byte cannot be told from Windows-1252 and is read as such: "ÿ".)
    """
    raw = curly_quotes(BASE).encode("utf-8")
    at = raw.index(b"ending a year")
    return raw[:at] + b"\xff" + raw[at:]


def cp1252_smart() -> bytes:
    """BASE with curly marks, saved as Windows-1252 (“ ” ’ are 0x93 0x94 0x92)."""
    return curly_quotes(BASE).encode("cp1252")


def utf16_bom() -> bytes:
    """BASE as UTF-16 little-endian with its byte-order mark."""
    return ("\ufeff" + BASE).encode("utf-16-le")


def crlf() -> bytes:
    """BASE with Windows line ends."""
    return BASE.replace("\n", "\r\n").encode("utf-8")


def binary() -> bytes:
    """The start of a PNG file: NUL bytes and control characters."""
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
