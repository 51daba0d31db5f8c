"""The JSON Schemas (draft 2020-12) of the two file formats, for editors and other tools.

They describe the shape of a questionnaire or an answer file; ``ia-maturity validate`` stays the
authority and checks what a schema cannot (unique ids, translations, answers against their
questionnaire). The schemas are files in the package, read with ``importlib.resources``.
"""

from __future__ import annotations

from importlib import resources

from ia_maturity.errors import IaMaturityError

SCHEMA_FILES = {
    "questionnaire": "questionnaire.schema.json",
    "answers": "answers.schema.json",
}
"""Kind of file -> name of its schema in ``ia_maturity/schemas``."""

ANSWERS_SCHEMA_BESIDE = ".ia-maturity-answers.schema.json"
"""Name of the answers schema written beside a blank answer file (``template --schema``), which
the file's first line points at. The leading dot keeps it out of folder searches by ``score``
and ``validate``, which would otherwise take it for a broken answer file."""

SCHEMA_MODELINE = f"# yaml-language-server: $schema=./{ANSWERS_SCHEMA_BESIDE}"
"""First line of a blank answer file: editors using yaml-language-server (VS Code's YAML
extension and others) validate and complete the file against the schema beside it."""


def schema_file_name(kind: str) -> str:
    """The file name of the schema of ``kind`` (``questionnaire`` or ``answers``)."""
    try:
        return SCHEMA_FILES[kind]
    except KeyError:
        raise IaMaturityError(f"unknown schema '{kind}' (choose {' or '.join(SCHEMA_FILES)})") from None


def schema_text(kind: str) -> str:
    """The JSON Schema of ``kind`` (``questionnaire`` or ``answers``), as text."""
    name = schema_file_name(kind)
    return (resources.files("ia_maturity") / "schemas" / name).read_text(encoding="utf-8")
