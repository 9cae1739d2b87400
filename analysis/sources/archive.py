"""Office files (`.docx`, `.xlsx`) are zip archives of XML: check one before anything inflates it.

A decompression bomb declares (or hides) a huge inflated size; an encrypted or password-protected
Office file is not a zip at all (an OLE container); a damaged one is not a readable zip. Each is
refused in one line, from the archive's directory alone, before a library reads a member.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import ArticleError

MAX_MEMBERS = 10_000
MAX_INFLATED_BYTES = 256 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 200  # inflated / compressed for any member over 1 MB (text XML runs at 5-20)
RATIO_FLOOR_BYTES = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and old .doc / .xls


def open_office_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The archive of a `.docx` or `.xlsx` (kind), checked; ArticleError in one line otherwise."""
    if data.startswith(OLE_MAGIC):
        raise ArticleError(f"this {kind} is encrypted or password-protected (or an old binary Office "
                           "file): save an unprotected copy and try again")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
        raise ArticleError(f"this {kind} is damaged (not a readable zip archive)") from None
    check_members(archive.infolist(), kind)
    return archive


def check_members(members: list[zipfile.ZipInfo], kind: str) -> None:
    """Refuse an archive whose declared sizes would exhaust memory once inflated."""
    if len(members) > MAX_MEMBERS:
        raise ArticleError(f"this {kind} holds {len(members):,} files: refused as a possible zip bomb")
    total = sum(m.file_size for m in members)
    if total > MAX_INFLATED_BYTES:
        raise ArticleError(f"this {kind} would inflate to {total:,} bytes: refused as a possible "
                           "decompression bomb")
    for member in members:
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise ArticleError(f"this {kind} has a member ({shown(member.filename)}) compressed "
                               f"{ratio:,.0f} to 1: refused as "
                               "a possible decompression bomb")


def shown(name: str) -> str:
    """A member's name as one printable line (names are the file's own: they may hold newlines)."""
    return repr(name)[1:-1][:120]


def read_member(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """One member's bytes, read no further than its declared size allows (a member that lies about
    its size fails its CRC check instead of filling memory)."""
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_INFLATED_BYTES + 1)
    except KeyError:
        raise ArticleError(f"this {kind} has no {shown(name)}: not a Word or Excel file") from None
    except RuntimeError:  # zipfile's word for a member that needs a password
        raise ArticleError(f"this {kind} is encrypted or password-protected: save an unprotected "
                           "copy and try again") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ArticleError(f"this {kind} is damaged ({shown(name)}: {shown(reason)})") from None
    if len(data) > MAX_INFLATED_BYTES:
        raise ArticleError(f"this {kind} inflates past {MAX_INFLATED_BYTES:,} bytes: refused")
    return data
