"""The Parquet store of a corpus run: OUT's manifest, one committed manifest per chunk with each
part's rows, size and sha256, verification on reuse, and reading the tables back."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

from .. import outputs, paths
from ..errors import ArticleError
from .schema import SORT_KEYS, TABLES, schemas

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6  # 2: body-only features; 3: chunk manifests; 4: quotes.speaker_gender; 5: facts;
# 6: mentions.subject and mentions.salience, further mentions of found names
MANIFEST = "corpus.json"
CHUNKS = "chunks"  # one manifest per committed chunk


def sha256_of(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def part_problem(root: Path, entry: dict) -> str | None:
    """Why a part listed in a chunk manifest cannot be trusted (missing, damaged), or None."""
    path = root / entry["file"]
    if not path.is_file():
        return f"{entry['file']} is missing"
    if path.stat().st_size != entry["bytes"] or sha256_of(path) != entry["sha256"]:
        return f"{entry['file']} is damaged (its checksum differs from the manifest)"
    return None


def chunk_manifests(root: Path) -> list[Path]:
    """The manifests of the committed chunks, in chunk order."""
    return sorted((root / CHUNKS).glob("part-*.json"))


def read_manifest(path: Path) -> dict:
    """One chunk manifest; ValueError when it is not a complete one."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or not {"articles", "parts"} <= set(meta):
        raise ValueError("incomplete manifest")
    return meta


class CorpusOutput:
    """OUT: a manifest (schema, model, corpus folder), one folder of Parquet parts per table, and
    one manifest per committed chunk."""

    def __init__(self, out: str | os.PathLike, model_signature: str, corpus: str | None = None):
        self.root = Path(out)
        self.model = model_signature
        self.corpus = corpus
        self.manifest = self.root / MANIFEST

    def open(self) -> None:
        """Create OUT, or check that it holds a run of the same schema, model and corpus; then
        verify its chunks. Call with OUT locked."""
        if self.root.exists() and not self.root.is_dir():
            raise ArticleError(f"--out must be a folder: {outputs.shown(self.root)}")
        if self.manifest.exists():
            self.check_manifest()
        elif self.root.exists() and any(self.root.iterdir()):
            raise ArticleError(f"{paths.display_path(self.root)} is not empty and is not a corpus "
                               "output folder: choose another --out")
        for name in (*TABLES, CHUNKS):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        meta = {"schema": SCHEMA_VERSION, "model": self.model, "corpus": self.corpus}
        self.write_json(self.manifest, meta)
        self.verify()

    def check_manifest(self) -> None:
        """Refuse an OUT made by another schema, model or corpus folder (never mix two runs)."""
        try:
            meta = json.loads(self.manifest.read_text(encoding="utf-8"))
        except ValueError:
            raise ArticleError(f"{outputs.shown(self.manifest)} is damaged: choose another --out "
                               "or delete the folder") from None
        if meta.get("schema") != SCHEMA_VERSION or meta.get("model") != self.model:
            raise ArticleError(
                f"{paths.display_path(self.root)} holds a run made with "
                f"{meta.get('model')} (schema {meta.get('schema')}); this run uses {self.model} "
                f"(schema {SCHEMA_VERSION}): choose another --out or delete it")
        if self.corpus and meta.get("corpus") and meta["corpus"] != self.corpus:
            raise ArticleError(f"{paths.display_path(self.root)} holds the tables of another corpus "
                               f"folder ({meta['corpus']}): choose another --out")

    def write_json(self, path: Path, data: dict) -> None:
        """Write a small JSON file whole (a temporary file renamed into place)."""
        partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
        partial.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(partial, path)

    def parts(self, name: str) -> list[Path]:
        return sorted((self.root / name).glob("part-*.parquet"))

    def verify(self) -> None:
        """Drop every chunk with a missing or damaged part (its articles are analysed again),
        then every part no manifest commits (an interrupted chunk)."""
        committed: set[str] = set()
        for manifest in chunk_manifests(self.root):
            try:
                meta = read_manifest(manifest)
                problem = next(filter(None, (part_problem(self.root, e) for e in meta["parts"].values())),
                               None)
            except (OSError, ValueError, KeyError, TypeError):
                meta, problem = None, f"{CHUNKS}/{manifest.name} is damaged"
            if problem:
                log.warning("%s: chunk %s will be analysed again", problem, manifest.stem)
                manifest.unlink()
                continue
            committed.update(entry["file"] for entry in meta["parts"].values())
        for name in TABLES:
            for part in self.parts(name):
                if f"{name}/{part.name}" not in committed:
                    part.unlink()
        for stale in [*self.root.glob(".tmp-*"), *self.root.glob(f"{CHUNKS}/.*.partial-*")]:
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink()

    def done(self) -> set[str]:
        """Ids of the articles of the committed chunks (analysed, or recorded as errors)."""
        ids: set[str] = set()
        for manifest in chunk_manifests(self.root):
            ids.update(read_manifest(manifest)["articles"])
        return ids

    def next_chunk_number(self) -> int:
        numbers = [int(p.stem.split("-")[1]) for p in chunk_manifests(self.root)]
        return max(numbers) + 1 if numbers else 0

    def write(self, part: str, tables: dict) -> None:
        """Write one chunk: every table's part, then the chunk's manifest, which commits it."""
        import pyarrow.parquet as pq

        tmp = outputs.fresh_dir(self.root, ".tmp-")
        try:
            entries = {}
            for name in TABLES:
                if name == "articles" or tables[name].num_rows:
                    written = tmp / f"{name}.parquet"
                    pq.write_table(tables[name], written)
                    entries[name] = {"file": f"{name}/{part}.parquet", "rows": tables[name].num_rows,
                                     "bytes": written.stat().st_size, "sha256": sha256_of(written)}
            for name, entry in entries.items():
                os.replace(tmp / f"{name}.parquet", self.root / entry["file"])
            articles = [*tables["articles"].column("article").to_pylist(),
                        *tables["errors"].column("article").to_pylist()]
            self.write_json(self.root / CHUNKS / f"{part}.json", {"articles": articles, "parts": entries})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def committed_parts(out: Path, name: str) -> list[tuple[Path, dict | None]]:
    """The parts of one table to read: those the chunk manifests commit (checked against their
    checksums), or for a folder without manifests, every part file."""
    manifests = chunk_manifests(out)
    if not manifests:
        return [(p, None) for p in sorted((out / name).glob("part-*.parquet"))]
    listed = []
    for manifest in manifests:
        try:
            entry = read_manifest(manifest)["parts"].get(name)
        except (OSError, ValueError):
            raise ArticleError(f"damaged corpus manifest {CHUNKS}/{manifest.name} in {out}: run the "
                               "corpus command again to redo its chunk") from None
        if entry:
            listed.append((out / entry["file"], entry))
    return listed


def read_part(out: Path, path: Path, entry: dict | None, columns: list[str] | None = None):
    """One part as a pyarrow table (only `columns`, if given); a missing or damaged part is a
    one-line ArticleError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = path.relative_to(out).as_posix()
    problem = part_problem(out, entry) if entry else None
    if problem is None:
        try:
            return pq.read_table(path, schema=schemas()[path.parent.name], columns=columns)
        except (OSError, pa.ArrowException) as exc:
            problem = f"{name} cannot be read ({(str(exc).splitlines() or ['damaged'])[0]})"
    raise ArticleError(f"damaged corpus output in {out}: {problem}; run the corpus command again "
                       "to redo that chunk")


def read_table(out: str | os.PathLike, name: str, columns: list[str] | None = None):
    """One corpus table as a DataFrame, sorted by article (and row number), whatever the part
    order; only `columns` (and the sort keys) when given, read from the files alone."""
    import pyarrow as pa

    if name not in TABLES:
        raise ValueError(f"unknown corpus table {name!r}; one of {', '.join(TABLES)}")
    out = Path(out)
    wanted = None if columns is None else list(dict.fromkeys([*SORT_KEYS[name], *columns]))
    parts = [read_part(out, path, entry, wanted) for path, entry in committed_parts(out, name)]
    empty = schemas()[name].empty_table()
    table = pa.concat_tables(parts) if parts else empty.select(wanted) if wanted else empty
    return table.to_pandas().sort_values(SORT_KEYS[name], ignore_index=True)


def read_corpus(out: str | os.PathLike) -> dict:
    """Every corpus table, as DataFrames keyed by name."""
    return {name: read_table(out, name) for name in TABLES}
