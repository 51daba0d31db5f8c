"""The one exception hierarchy of ia-maturity.

Every error a user can cause carries where it happened (file, line, id) so the CLI can print it
as one readable line and choose the exit code in a single place.
"""

from __future__ import annotations

from dataclasses import dataclass


def printable(text: str) -> str:
    """``text`` with control characters (escape sequences, CR, LF…) shown as escapes, so that a
    file's content can never drive the terminal or split a one-line message."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


@dataclass(frozen=True)
class Problem:
    """One located problem in a file."""

    file: str | None
    """Path of the file, as the user gave it (None when not about a file)."""
    line: int | None
    """1-based line number, or None when no line applies."""
    message: str
    """What is wrong, in one sentence, naming the question or recommendation id when there is one."""

    def __str__(self) -> str:
        where = printable(self.file or "<input>")
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {printable(self.message)}"

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "message": self.message}


class IaMaturityError(Exception):
    """Base class of every error caused by input (files, options); never a bug."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    @property
    def problems(self) -> list[Problem]:
        return [Problem(self.file, self.line, self.message)]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InvalidFileError(IaMaturityError):
    """Raised when a questionnaire or answer file is unreadable or invalid; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0] if problems else Problem(None, None, "invalid file")
        super().__init__(first.message, first.file, first.line)
        self._problems = list(problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


class UnknownQuestionnaireError(IaMaturityError):
    """Raised when a questionnaire is named that is neither a file nor a built-in id."""


class OutputExistsError(IaMaturityError):
    """Raised when a command would overwrite a file the user did not allow it to overwrite."""
