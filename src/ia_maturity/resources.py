"""Where the built-in questionnaires and report templates are, and how a questionnaire is named.

In a wheel the top-level ``questionnaires/`` and ``report_templates/`` folders are copied into
``ia_maturity/_data/``; an editable install (or a plain checkout) reads them from the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ia_maturity.errors import UnknownQuestionnaireError
from ia_maturity.model import Questionnaire

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``questionnaires`` or ``report_templates``) of this installation."""
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parents[1] / name


def questionnaires_dir() -> Path:
    return data_dir("questionnaires")


def templates_dir() -> Path:
    return data_dir("report_templates")


def builtin_questionnaire_files() -> list[Path]:
    folder = questionnaires_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@cache
def load_builtin(questionnaire_id: str) -> Questionnaire:
    """The built-in questionnaire with this id; UnknownQuestionnaireError if there is none."""
    from ia_maturity.loading import load_questionnaire

    files = builtin_questionnaire_files()
    # By convention the file is named after the id: try it first, then look inside the others.
    ordered = sorted(files, key=lambda p: p.stem != questionnaire_id)
    for path in ordered:
        if path.stem != questionnaire_id and questionnaire_id not in path.read_text(encoding="utf-8", errors="replace"):
            continue
        questionnaire = load_questionnaire(path, builtin_display(path))
        if questionnaire.id == questionnaire_id:
            return questionnaire
    available = ", ".join(p.stem for p in files) or "none"
    raise UnknownQuestionnaireError(f"unknown questionnaire '{questionnaire_id}' (built-in: {available})")


def builtin_display(path: Path) -> str:
    return f"questionnaires/{path.name}"


def resolve_questionnaire(reference: str) -> Questionnaire:
    """A questionnaire named by a path to a file, or by the id of a built-in one."""
    from ia_maturity.loading import load_questionnaire

    candidate = Path(reference)
    if candidate.is_dir():
        raise UnknownQuestionnaireError(f"{reference} is a folder, not a questionnaire file")
    if candidate.exists():
        return load_questionnaire(candidate, reference)
    if candidate.suffix.lower() in (".yaml", ".yml", ".json") or "/" in reference or "\\" in reference:
        raise UnknownQuestionnaireError(f"questionnaire file not found: {reference}")
    return load_builtin(reference)
