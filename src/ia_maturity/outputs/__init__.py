"""Output formats: small functions that present data computed elsewhere, one module per output."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import TypeVar

F = TypeVar("F", bound=Enum)


def chosen_format(formats: type[F], suffixes: Mapping[str, F], output: Path | None, requested: str | None, default: F) -> F:
    """The format of a command's output: ``--format`` if given, else the one the ``--output``
    suffix names, else ``default``. An unknown ``--format``, or one that contradicts the suffix
    (``-o plan.ics --format json``), is a usage error: a file's name must not lie about its content."""
    import typer

    chosen = None
    if requested is not None:
        try:
            chosen = formats(requested.lower())
        except ValueError:
            names = ", ".join(str(f.value) for f in formats)
            raise typer.BadParameter(f"'{requested}' is not one of {names}", param_hint="--format") from None
    implied = suffixes.get(output.suffix.lower()) if output is not None else None
    if chosen is not None and implied is not None and chosen is not implied:
        raise typer.BadParameter(
            f"--format {chosen.value} contradicts the output's suffix ({output.name}); drop one of them", param_hint="--format")
    return chosen or implied or default
