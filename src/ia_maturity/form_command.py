"""``ia-maturity form``: the offline web form, one self-contained HTML page to send to respondents.

The page is built by ``ia_maturity.collect.form``; this module checks the options and writes.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ia_maturity.errors import IaMaturityError
from ia_maturity.files import same_file

FORM_EPILOG = (
    "Examples:\n\n"
    "  ia-maturity form --output form.html\n\n"
    "  ia-maturity form --organisation \"Acme SARL\" --role staff --lang fr -o acme-staff.html\n\n"
    "  ia-maturity form -q my-model.yaml -o my-model.html\n\n"
    "Send the page by e-mail or put it on a shared drive: it opens from disk in a current browser, "
    "loads nothing and sends nothing. Respondents click \"Download my answers\" and send back the "
    "JSON file, which validate, score, team and report take as it is. See docs/collect.md."
)

MAX_ORGANISATION = 200
"""An organisation name longer than this is a mistake (a pasted text), not a name."""


def _organisation(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    if len(text) > MAX_ORGANISATION or not text.isprintable():
        raise typer.BadParameter(f"give a name of at most {MAX_ORGANISATION} printable characters", param_hint="--organisation")
    return text


def form_command(
    questionnaire: str = typer.Option(
        "sme-ai-maturity", "--questionnaire", "-q",
        help="Questionnaire: a built-in id (see 'ia-maturity list') or the path of a questionnaire file."),
    lang: str | None = typer.Option(
        None, "--lang",
        help="Language shown first (default: the browser's when the questionnaire has it, else the "
             "questionnaire's first). Respondents can switch when the questionnaire has several."),
    organisation: str | None = typer.Option(
        None, "--organisation", help="Organisation filled in (and fixed) in the page; asked when not given."),
    role: str | None = typer.Option(
        None, "--role", help="Role filled in (and fixed) in the page: manager, staff or consultant; asked when not given."),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML file to write (atomically)."),
) -> None:
    """Write the questionnaire as an offline web form: one HTML file that needs no installation.

    The page works opened from disk (file://), loads nothing and sends nothing. It keeps the
    answers in the browser as they are given, and "Download my answers" saves an ordinary JSON
    answer file named ORGANISATION-ROLE-DATE.json.
    """
    from ia_maturity.assess.interview import ROLES
    from ia_maturity.collect.form import build_form
    from ia_maturity.files import write_atomic
    from ia_maturity.resources import builtin_questionnaire_files, resolve_questionnaire

    if role is not None and role not in ROLES:
        raise typer.BadParameter(f"'{role}' is not one of {', '.join(ROLES)}", param_hint="--role")
    name = _organisation(organisation)
    if output.is_dir():
        raise IaMaturityError(f"--output {output} is a folder; give a file name")
    inputs = [Path(questionnaire)] if Path(questionnaire).is_file() else builtin_questionnaire_files()
    if output.exists() and any(same_file(output, source) for source in inputs):
        raise IaMaturityError(f"--output {output} is a questionnaire file; choose another name")
    chosen = resolve_questionnaire(questionnaire)
    html = build_form(chosen, language=lang, organisation=name, role=role)
    write_atomic(output, html)
    typer.echo(
        f"Wrote {output}: {len(chosen.questions)} questions of '{chosen.id}' {chosen.version} "
        f"({', '.join(chosen.languages)}). It loads nothing and sends nothing.", err=True)
