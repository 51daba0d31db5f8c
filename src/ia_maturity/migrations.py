"""Answers written for an earlier version of a questionnaire, mapped onto the current one.

A questionnaire declares ``migrations: [{from: VERSION, questions: {OLD: NEW|null},
values: {NEW: {OLD_VALUE: NEW_VALUE|null}}}]``. An answer file that declares version ``from`` is
migrated in memory before it is validated: renamed questions, mapped values, and ``null`` drops
the answer. Every dropped answer becomes a warning located at its line in the original file.

Pure functions over the parsed document data: no I/O here (``migrate_command`` in the CLI writes
migrated files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ia_maturity.model import Migration, Questionnaire
from ia_maturity.yamlio import key_text, scalar_text

PathInFile = tuple[object, ...]


@dataclass
class MigratedAnswers:
    """The ``answers`` and ``notes`` mappings of a file after migration."""

    answers: Any
    """The new ``answers`` mapping (or the original value when it was not a mapping)."""
    notes: Any
    answer_keys: dict[str, object] = field(default_factory=dict)
    """New question id -> the key it had in the file (to locate errors at the original line)."""
    note_keys: dict[str, object] = field(default_factory=dict)
    dropped: list[tuple[PathInFile, str]] = field(default_factory=list)
    """(path in the original file, message) for every answer or note dropped."""
    renamed: int = 0
    """Number of answers whose question id or value changed."""


def migration_for(questionnaire: Questionnaire, version: str | None) -> Migration | None:
    """The migration declared for answers of ``version``, if any (none for the current version)."""
    if version is None or version == questionnaire.version:
        return None
    for migration in questionnaire.migrations:
        if migration.from_version == version:
            return migration
    return None




def migrate_answers(migration: Migration, answers: Any, notes: Any, to_version: str) -> MigratedAnswers:
    """Apply ``migration`` to the raw ``answers`` and ``notes`` of a file.

    Values that are not mappings are returned unchanged, for validation to report. When two old
    questions map onto one new question, the first answer wins and the other is dropped (and
    reported)."""
    out = MigratedAnswers(answers=answers, notes=notes)
    if isinstance(answers, Mapping):
        new_answers: dict[str, object] = {}
        for key, raw in answers.items():
            old_id = key_text(key)
            path: PathInFile = ("answers", key)
            new_id = migration.questions.get(old_id, old_id)
            if new_id is None:
                if raw is not None:
                    out.dropped.append((path, f"answer to '{old_id}' dropped: the question was removed in version {to_version}"))
                continue
            value, changed, drops = _map_values(migration.values.get(new_id, {}), raw, path, new_id, to_version)
            out.dropped.extend(drops)
            if value is _DROPPED:
                continue
            if new_id in new_answers:
                first = out.answer_keys[new_id]
                out.dropped.append((path, f"answer to '{old_id}' dropped: it maps onto '{new_id}', already answered by '{key_text(first)}'"))
                continue
            new_answers[new_id] = value
            out.answer_keys[new_id] = key
            out.renamed += int(changed or new_id != old_id)
        out.answers = new_answers
    if isinstance(notes, Mapping):
        new_notes: dict[str, object] = {}
        for key, text in notes.items():
            old_id = key_text(key)
            new_id = migration.questions.get(old_id, old_id)
            if new_id is None or new_id in new_notes:
                if text is not None:
                    why = f"the question was removed in version {to_version}" if new_id is None else f"'{new_id}' already has a note"
                    out.dropped.append((("notes", key), f"note on '{old_id}' dropped: {why} (it said: {_short(str(text))})"))
                continue
            new_notes[new_id] = text
            out.note_keys[new_id] = key
        out.notes = new_notes
    return out


_DROPPED = object()


def _map_values(table: Mapping[str, str | None], raw: object, path: PathInFile, qid: str,
                to_version: str) -> tuple[object, bool, list[tuple[PathInFile, str]]]:
    """(new value or _DROPPED, whether a value changed, drops) for one answer."""
    if not table or raw is None:
        return raw, False, []
    if isinstance(raw, list):
        kept: list[object] = []
        drops: list[tuple[PathInFile, str]] = []
        changed = False
        for j, item in enumerate(raw):
            text = scalar_text(item)
            if text is not None and text in table:
                new = table[text]
                changed = True
                if new is None:
                    drops.append((path + (j,), f"value '{text}' of '{qid}' dropped: it has no equivalent in version {to_version}"))
                    continue
                if new in kept:
                    continue
                kept.append(new)
            else:
                kept.append(item)
        if raw and not kept:  # every chosen value dropped: the answer is gone, not "none of these"
            return _DROPPED, True, drops
        return kept, changed, drops
    text = scalar_text(raw)
    if text is not None and text in table:
        new = table[text]
        if new is None:
            return _DROPPED, True, [(path, f"answer '{text}' to '{qid}' dropped: it has no equivalent in version {to_version}")]
        return new, True, []
    return raw, False, []


def _short(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


@dataclass
class MigratedDocument:
    """An answer document rewritten for the current version of its questionnaire."""

    data: dict[str, Any]
    """The document's top-level mapping, keys in their original order: ``questionnaire`` names
    the new version, ``answers`` and ``notes`` are migrated, everything else is kept."""
    from_version: str
    to_version: str
    dropped: list[tuple[PathInFile, str]]
    """(path in the original file, message) for every answer or note dropped."""
    renamed: int


def migrate_document(data: Mapping[str, Any], questionnaire: Questionnaire, version: str | None) -> MigratedDocument | None:
    """``data`` (an answer file's top level, declaring ``version``) migrated to the questionnaire's
    version; None when the questionnaire declares no migration from that version."""
    migration = migration_for(questionnaire, version)
    if migration is None or version is None:
        return None
    migrated = migrate_answers(migration, data.get("answers"), data.get("notes"), questionnaire.version)
    new: dict[str, Any] = {}
    for key, value in data.items():
        if key == "questionnaire":
            new[key] = {"id": questionnaire.id, "version": questionnaire.version}
        elif key == "answers":
            new[key] = migrated.answers
        elif key == "notes":
            new[key] = migrated.notes
        else:
            new[key] = value
    return MigratedDocument(new, version, questionnaire.version, migrated.dropped, migrated.renamed)
