"""Writing output folders safely: one writer at a time, whole swaps, nothing foreign deleted.

Every output folder (a report, a table folder, a corpus) is built next to its target under a
name unique to the run, then takes the target's place in one step: on Linux an atomic exchange
(`renameat2(RENAME_EXCHANGE)`), elsewhere "rename the old aside, rename the new in" (a run killed
between the two leaves the old folder aside and whole; the next run puts it back). A target
folder holding anything the package does not write there is refused, never replaced; so is a
read-only one. Folders are created with the user's umask (`tempfile.mkdtemp` would make 0700).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import paths
from .errors import ArticleError

RENAME_EXCHANGE = 2
AT_FDCWD = -100
FOREIGN_SHOWN = 3  # foreign entries named in the error line


def shown(path: str | os.PathLike) -> str:
    """A path as the user gave it (for error lines about output locations)."""
    return str(path) or "."


def os_error(exc: OSError, path: str | os.PathLike) -> ArticleError:
    """An OSError while writing outputs as a one-line ArticleError naming the place."""
    reason = exc.strerror or type(exc).__name__
    return ArticleError(f"cannot write {shown(exc.filename or path)}: {reason}")


@contextmanager
def writing(path: str | os.PathLike) -> Iterator[None]:
    """Turn any OSError inside the block into a one-line error about `path`."""
    try:
        yield
    except OSError as exc:
        raise os_error(exc, path) from None


def make_dirs(folder: Path) -> None:
    """Create a folder and its parents with the user's umask; one-line error when impossible."""
    if folder.exists() and not folder.is_dir():
        raise ArticleError(f"not a folder: {shown(folder)}")
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)


def fresh_dir(parent: Path, prefix: str) -> Path:
    """A new folder in `parent`, named uniquely for this run (`<prefix><pid>-<random>`)."""
    while True:
        folder = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()  # mode 0o777 minus the umask, like any folder the user makes
            return folder
        except FileExistsError:
            continue


def is_read_only(folder: Path) -> bool:
    """True when the folder is marked read-only (no owner write bit) or we cannot write to it.

    The mode bit counts even for root, who could write anyway: the user said "read-only".
    """
    return not (folder.stat().st_mode & stat.S_IWUSR) or not os.access(folder, os.W_OK)


def foreign_entries(folder: Path, allowed: set[str]) -> list[str]:
    """Files under `folder` (relative POSIX paths) the package does not write there.

    `allowed` holds file paths, and folder paths ending in "/" whose whole subtree is ours.
    """
    foreign = []
    for current, dirs, files in os.walk(folder):
        base = Path(current).relative_to(folder)
        for name in sorted(files) + sorted(d for d in dirs if os.path.islink(Path(current) / d)):
            relative = (base / name).as_posix()
            owners = [relative] + [p.as_posix() + "/" for p in (base / name).parents if str(p) != "."]
            if not any(owner in allowed for owner in owners):
                foreign.append(relative)
        dirs.sort()
    return foreign


def check_replaceable(target: Path, allowed: set[str], what: str = "--out") -> None:
    """Refuse, in one line, to replace a target that is not a folder, is read-only, or holds
    anything the package did not write there."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_dir():
        raise ArticleError(f"{what} must be a folder: {shown(target)} is not one")
    if is_read_only(target):
        raise ArticleError(f"{what} folder is read-only: {shown(target)}")
    foreign = foreign_entries(target, allowed)
    if foreign:
        named = ", ".join(foreign[:FOREIGN_SHOWN]) + (", ..." if len(foreign) > FOREIGN_SHOWN else "")
        raise ArticleError(f"{what} folder {shown(target)} holds files this package did not write "
                           f"({named}): choose a new or empty folder")


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder `new` in the place of `target` so that one of them is whole at every instant.

    Caller holds the target's lock and built `new` beside it (same file system).
    """
    if not target.exists():
        os.rename(new, target)
        return
    os.chmod(new, stat.S_IMODE(target.stat().st_mode))  # keep the folder's own mode
    if exchange(new, target):
        shutil.rmtree(new)  # `new` now holds the old folder
    else:
        aside = target.with_name(f"{old_prefix(target)}{os.getpid()}-{secrets.token_hex(4)}")
        os.rename(target, aside)
        os.rename(new, target)
        shutil.rmtree(aside)


def old_prefix(target: Path) -> str:
    """The name a folder's previous version starts with while it is set aside ("+" keeps the
    prefixes of two names apart: `.out+old-` never starts `.out-2+old-`)."""
    return f".{target.name}+old-"


def build_prefix(target: Path) -> str:
    """The name every build folder of a target starts with."""
    return f".{target.name}+build-"


def restore_or_clean(target: Path, builds: str) -> None:
    """After a killed run (caller holds the lock): put an old folder left aside back when the
    target is missing, and remove build folders and old copies no live run can own."""
    parent = target.parent
    if not parent.is_dir():
        return
    aside = sorted(parent.glob(f"{glob_escape(old_prefix(target))}*"))
    if aside and not target.exists():
        os.rename(aside.pop(), target)
    for stale in [*aside, *parent.glob(f"{glob_escape(builds)}*")]:
        shutil.rmtree(stale, ignore_errors=True)


def glob_escape(name: str) -> str:
    """A literal file name inside a glob pattern."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextmanager
def lock(path: Path, busy: str | None) -> Iterator[None]:
    """Hold an exclusive lock on `path`: a folder, or a lock file created for the purpose and
    removed afterwards.

    `busy` is the one-line error for a lock someone else holds; None waits for it instead.
    The lock goes with the process: a killed run never leaves a stale lock.
    """
    is_folder = path.is_dir()
    while True:
        fd = os.open(path, os.O_RDONLY if is_folder else os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if busy else 0))
        except BlockingIOError:
            os.close(fd)
            raise ArticleError(busy) from None
        if is_folder or same_file(fd, path):
            break
        os.close(fd)  # the holder removed that lock file as we waited for it: take the new one
    try:
        yield
    finally:
        if not is_folder:
            Path(path).unlink(missing_ok=True)  # still holding it, so no one else has it
        os.close(fd)


def same_file(fd: int, path: Path) -> bool:
    """True when the open file `fd` is still the file at `path` (not removed or replaced)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def report_lock(report: Path):
    """The lock of one report folder (`reports/.locks/<id>.lock`): one writer per article;
    a second run says so in one line instead of mixing its files with the first's."""
    locks = report.parent / ".locks"
    make_dirs(locks)
    busy = f"another run is writing {paths.display_path(report)}: wait for it to finish, then run again"
    return lock(locks / f"{report.name}.lock", busy=busy)
