"""Writing files so that a crash or Ctrl-C leaves either the old or the new file, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ia_maturity.errors import IaMaturityError


def write_atomic(path: str | Path, data: str | bytes | Iterable[bytes], encoding: str = "utf-8", newline: str = "\n") -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.
    ``data`` may be an iterable of byte chunks, written as they come (a stream of any length).

    Text is written with ``newline`` line ends. The file keeps the mode of the file it replaces,
    or gets the usual mode for a new file (0666 less the umask). A symbolic link at ``path`` is
    replaced by the file; what it pointed to is left untouched.
    """
    target = Path(path)
    # A symbolic link is replaced by the new file itself: writing never goes through a link onto
    # whatever it points at, and a dangling link never creates its target.
    is_link = target.is_symlink()
    if not is_link and target.exists() and not target.is_file():
        what = "a folder" if target.is_dir() else "not a regular file (a device or a pipe)"
        raise IaMaturityError(f"cannot write {path}: it is {what}; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if isinstance(data, str):
        if newline != "\n":
            data = data.replace("\n", newline)
        payload = data.encode(encoding)
    else:
        payload = data
    try:
        if is_link:
            raise FileNotFoundError  # the link's target is none of our business: a new file's mode
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()
    except OSError as exc:
        raise IaMaturityError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise IaMaturityError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                for chunk in payload:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise IaMaturityError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_stdout(text: str) -> None:
    """Print ``text`` as UTF-8 whatever the console's encoding (a Windows console, a pipe to a
    file), so that ``… > out.csv`` writes the same bytes as ``--output`` would."""
    import sys

    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:
        sys.stdout.flush()
        stream.write(text.encode("utf-8"))
        stream.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def same_file(a: str | Path, b: str | Path | None) -> bool:
    """Whether ``a`` and ``b`` are one file (through symbolic or hard links); False when either is
    missing. Commands call it to refuse an output that is one of their inputs."""
    if b is None:
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
