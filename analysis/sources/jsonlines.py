"""A JSON Lines table of articles (`.jsonl`), one JSON object a line, read as a stream of rows. The
columns are the first object's keys (a line may spell them in another case); a line that is no
JSON object is a bad row, not the end of the table, but a file none of whose first lines is one
is refused as no JSON Lines at all. The text is opened as `delimited` opens a CSV (encoding
sniffed, undecodable bytes replaced), and a line is read at most `FIELD_LIMIT` characters at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import ArticleError
from .delimited import FIELD_LIMIT, open_text, replaced_so_far, warn_replaced
from .tablebase import Stream, column_key, first_line, table_columns

JSONL_PROBE_LINES = 100  # lines without one JSON object: not JSON Lines at all


def describe_json(value) -> str:
    kinds = {list: "a list", str: "a string", bool: "true or false", type(None): "null",
             int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


def jsonl_source(path: Path, name: str, overrides, chunk_rows: int):
    handle, _, _ = open_text(path, name)
    lines = Stream(_json_lines(handle, name), handle)
    pending: list[tuple] = []  # bad lines before the first object (at most JSONL_PROBE_LINES)
    first = None  # (line number, the first JSON object)
    try:
        for row, obj, reason in lines:
            if reason is None:
                first = (row, obj)
                break
            pending.append((row, None, reason))
            if len(pending) >= JSONL_PROBE_LINES:
                raise ArticleError(f"{name} is not JSON Lines: none of its first {len(pending)} lines "
                                   f"is a JSON object (line {pending[0][0]}: {pending[0][2]})")
        else:
            if pending:
                raise ArticleError(f"{name} is not JSON Lines: no line is a JSON object "
                                   f"(line {pending[0][0]}: {pending[0][2]})")
            raise ArticleError(f"{name} is empty (no JSON lines)")
        names = list(first[1])
        columns = table_columns(names, overrides, source=name)
    except ArticleError:
        lines.close()
        raise

    def pick(obj: dict) -> dict:
        found = {}
        lowered = None
        for f, column in columns.items():
            if column in obj:
                found[f] = obj[column]
                continue
            if lowered is None:  # this line spells its keys differently from the first
                lowered = {column_key(k): k for k in obj}
            key = lowered.get(column_key(column))
            found[f] = obj[key] if key is not None else None
        return found

    def values() -> Iterator[tuple]:
        yield from pending
        yield first[0], pick(first[1]), None
        for number, obj, reason in lines:
            yield number, None if obj is None else pick(obj), reason

    return names, columns, Stream(values(), lines)


def _json_lines(handle, name: str) -> Iterator[tuple]:
    """(line number, the JSON object, None) or (line number, None, reason) for each non-blank line."""
    number, before, warned = 0, replaced_so_far(), False
    while True:
        try:
            line = handle.readline(FIELD_LIMIT)
        except OSError as exc:
            raise ArticleError(f"cannot read {name} after line {number:,}: {exc.strerror or exc}") from None
        if not line:
            return
        number += 1
        if not warned:
            warned = warn_replaced(name, number, before)
        if len(line) >= FIELD_LIMIT and not line.endswith(("\n", "\r")):
            while line and not line.endswith(("\n", "\r")):  # skip the rest of the line
                line = handle.readline(FIELD_LIMIT)
            yield number, None, f"a line longer than {FIELD_LIMIT:,} characters"
            continue
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg} at character {exc.pos + 1})"
            continue
        except (ValueError, RecursionError) as exc:
            yield number, None, f"not valid JSON ({first_line(exc)})"
            continue
        if not isinstance(value, dict):
            yield number, None, f"not a JSON object ({describe_json(value)})"
            continue
        yield number, value, None
