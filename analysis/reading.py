"""Read an article file into clean text: decoding, BOM, line ends, markup blanked in place."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .errors import ArticleError

log = logging.getLogger(__name__)

BOMS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
# A complete multi-byte UTF-8 sequence. In Windows-1252 text such byte runs are rare accidents: an
# accented letter before a smart quote ("café’s" = e9 92) is a lead byte with too few continuations.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-8 read as Windows-1252 or Latin-1 and saved again: `Ã©` for é, `â€™` for ’, `â€œ` for “.
MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a]|â€")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)


def warn_if_mojibake(text: str) -> str:
    """Text as it is, with a warning when it was decoded wrongly once before it was saved (`TrÃ©vidic`):
    such text is read as written, so an accented name may be cut where the stray letters sit."""
    found = MOJIBAKE.search(text)
    if found:
        log.warning("text looks decoded twice (%r at character %d): accented names and curly quotes "
                    "are read as written; re-save the file as UTF-8 from its source", found.group(),
                    found.start())
    return text


def looks_like_utf8(data: bytes) -> bool:
    """More well-formed multi-byte UTF-8 sequences than undecodable bytes: UTF-8 with a few errors."""
    good = len(UTF8_SEQUENCE.findall(data))
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    return good > bad


def decode(data: bytes) -> str:
    """Bytes to text: UTF-16 by BOM, else UTF-8 (BOM optional), else Windows-1252 with a log line.

    Text that is UTF-8 apart from a few bad bytes keeps its UTF-8 reading with U+FFFD for the bad
    bytes; anything else that fails UTF-8 is read as Windows-1252.
    """
    if data[:2] in BOMS:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"undecodable UTF-16 at byte {exc.start}: {exc.reason}") from None
    if b"\x00" in data:
        raise ArticleError("binary file (contains NUL bytes), not a plain-text article")
    try:
        return warn_if_mojibake(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if looks_like_utf8(data):
        text = data.decode("utf-8-sig", errors="replace")
        log.warning("invalid UTF-8 from byte %d; undecodable bytes replaced by U+FFFD", first_bad)
        return text
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ArticleError(
            f"undecodable bytes at offset {first_bad}: not UTF-8 or Windows-1252 text"
        ) from None
    log.warning("article is not valid UTF-8; decoded as Windows-1252 (smart quotes kept)")
    return text


def blank_markup(text: str) -> str:
    """Replace HTML tags (and script/style bodies) by spaces of equal length, keeping offsets."""
    text = SCRIPT_OR_STYLE.sub(lambda m: " " * len(m.group()), text)
    return TAG.sub(lambda m: " " * len(m.group()), text)


def clean_text(raw: str) -> str:
    """Normalise line ends to \\n, drop a stray BOM and control characters, blank markup."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    controls = len(CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 100):
        raise ArticleError("binary file (many control characters), not a plain-text article")
    text = CONTROL_CHARS.sub(" ", text)
    cleaned = blank_markup(text)
    if cleaned != text:
        log.warning("HTML markup found in the article; tags were blanked before analysis")
    return cleaned


def read_article(path: str | Path) -> str:
    """The article's text, ready to parse; a one-line ArticleError for anything unreadable."""
    path = Path(path)
    if not path.exists():
        raise ArticleError(f"no such file: {path}")
    if path.is_dir():
        raise ArticleError(f"is a directory, not an article file: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {path}: {exc.strerror}") from None
    text = clean_text(decode(data))
    if not text.strip():
        raise ArticleError(f"empty article (no text): {path}")
    return text
