"""Built-in content is found in a wheel (ia_maturity/_data) and in a checkout (editable install)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ia_maturity import resources
from ia_maturity.errors import UnknownQuestionnaireError


def test_builtin_questionnaire_and_templates_are_installed() -> None:
    assert (resources.questionnaires_dir() / "sme-ai-maturity.yaml").is_file()
    assert any(resources.templates_dir().glob("*.j2"))


def test_packaged_data_is_preferred_then_checkout(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "src" / "ia_maturity"
    (package / "_data" / "questionnaires").mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert resources.questionnaires_dir() == package / "_data" / "questionnaires"
    # No packaged copy (editable install): the repository's top-level folder.
    assert resources.templates_dir() == tmp_path / "report_templates"


def test_resolve_by_id_or_path(tmp_path: Path) -> None:
    assert resources.resolve_questionnaire("sme-ai-maturity").id == "sme-ai-maturity"
    mini = Path(__file__).parent / "fixtures" / "mini.yaml"
    assert resources.resolve_questionnaire(str(mini)).id == "mini"
    with pytest.raises(UnknownQuestionnaireError, match="questionnaire file not found: .*missing.yaml"):
        resources.resolve_questionnaire(str(tmp_path / "missing.yaml"))
    with pytest.raises(UnknownQuestionnaireError, match="unknown questionnaire 'nope' \\(built-in: sme-ai-maturity\\)"):
        resources.resolve_questionnaire("nope")
