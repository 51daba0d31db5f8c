"""Word reports (``report --format docx``): real Word structure built from the report context.

Opens the produced .docx with python-docx (headings, tables, lists, pictures, properties, brand)
and converts it with LibreOffice. The LibreOffice test skips when ``soffice`` is missing, unless
IA_MATURITY_REQUIRE_BROWSER=1 (CI), where it is a failure, as the PDF tests do with WeasyPrint.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ia_maturity.batch import score_file
from ia_maturity.display import format_score
from ia_maturity.loading import load_questionnaire
from ia_maturity.report.context import build_report_context
from ia_maturity.report.docx import DOCX_INSTALL_HINT, docx_available, xml_text
from ia_maturity.report.render import load_brand, render_report

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini.yaml"
ACME = TESTS / "fixtures" / "acme.yaml"
EXAMPLE = TESTS.parent / "examples" / "cabinet-juridique.yaml"

pytestmark = pytest.mark.skipif(
    not docx_available() and os.environ.get("IA_MATURITY_REQUIRE_BROWSER") != "1",
    reason="python-docx or Pillow not installed (pip install 'ia-maturity[docx]')",
)
HOSTILE = '<script>alert("x")</script> & <b>bold</b> ]]> \'q\''


def open_docx(data: bytes):
    import docx

    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def render(answers: Path = ACME, questionnaire: Path | None = MINI, lang: str = "en", brand=None) -> bytes:
    chosen = load_questionnaire(questionnaire) if questionnaire else None
    data = render_report(score_file(answers, str(answers), chosen), "docx", lang, brand)
    assert isinstance(data, bytes)
    return data


def headings(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def md_domain_scores(markdown: str, domain_header: str) -> list[tuple[str, str]]:
    """(title, score) of the Markdown report's domain table."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {domain_header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip().replace("**", "") for c in line.strip("|").split(" | ")]
        rows.append((cells[0].replace("\\", ""), cells[1]))
    return rows


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_headings_follow_the_context_sections(lang: str) -> None:
    result = score_file(EXAMPLE, str(EXAMPLE), None)
    context = build_report_context(result, lang)
    document = open_docx(render_report(result, "docx", lang))
    assert headings(document, "Title") == [context.cover.organisation]
    assert headings(document, "Heading 1") == [f"{number}. {title}" for _, number, title in context.sections]
    h2 = headings(document, "Heading 2")
    for domain in context.domains:
        assert domain.title in h2
    for number, rec in enumerate(context.recommendations, start=1):
        assert f"{number}. {rec.title}" in h2
    assert context.t["strongest"] in h2 and context.t["reproducibility"] in h2
    assert headings(document, "Heading 3"), "sub-blocks of a domain (unanswered, notes...) are Heading 3"
    # The words are the report's own, in its language.
    assert document.core_properties.language == {"en": "en-GB", "fr": "fr-FR"}[lang]
    assert context.t["report_title"] in document.core_properties.title


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_domain_table_shows_the_markdown_scores(lang: str) -> None:
    result = score_file(ACME, str(ACME), load_questionnaire(MINI))
    context = build_report_context(result, lang)
    document = open_docx(render_report(result, "docx", lang))
    markdown = render_report(result, "md", lang)
    header = [context.t[k] for k in ("table_domain", "table_score", "table_level", "table_coverage", "table_capped")]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(tables) == 1
    rows = [[c.text for c in row.cells] for row in tables[0].rows[1:]]
    assert [(r[0], r[1]) for r in rows] == md_domain_scores(markdown, context.t["table_domain"])
    scored = [d for d in result.domains if d.score is not None]
    assert [r[1] for r in rows[:len(scored)]] == [format_score(d.score, lang) for d in scored]
    overall = getattr(context, "overall_row", None)  # the overall line, where the context has one
    assert len(rows) == len(scored) + (overall is not None)
    assert {"en": "37.5", "fr": "37,5"}[lang] in [r[1] for r in rows]
    assert rows[0][3] == context.domain_rows[0].coverage
    # The plan is a real table too (dated by start, or paced with rank and due date).
    plan_headers = ([context.t.get(k) for k in ("start_by", "s_recommendations", "priority", "effort")],
                    [context.t.get(k) for k in ("plan_rank", "s_recommendations", "priority", "effort", "due")])
    plan_rows = [[c.text for c in row.cells] for t in document.tables if [c.text for c in t.rows[0].cells] in plan_headers
                 for row in t.rows[1:]]
    planned = [item.title for bucket in context.plan for item in bucket.items]
    assert [r[1].split(" (")[0] for r in plan_rows] == [title.split(" (")[0] for title in planned] and planned


def test_lists_are_word_lists() -> None:
    result = score_file(ACME, str(ACME), load_questionnaire(MINI))
    context = build_report_context(result, "en")
    document = open_docx(render_report(result, "docx", "en"))
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    titles = [title for _, _, title in context.sections]
    assert any(numbered[i:i + len(titles)] == titles for i in range(len(numbered))), numbered
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [line.text for line in context.summary.strongest][0] in bullets
    assert any(p.style.name == "List Bullet 2" and p.text.startswith(context.t["answer_given"]) for p in document.paragraphs)
    # Real numbering (w:numPr from the style), not typed "1." or "•".
    assert not any(re.match(r"^(\d+\.|•)\s", text) for text in numbered + bullets)


@pytest.mark.parametrize("answers,questionnaire,kind", [(ACME, MINI, "bars"), (EXAMPLE, None, "radar")])
def test_chart_is_a_png_picture(answers: Path, questionnaire: Path | None, kind: str) -> None:
    from PIL import Image

    data = render(answers, questionnaire, "fr")
    document = open_docx(data)
    shapes = document.inline_shapes
    assert len(shapes) == 1
    blob = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image_part = document.part.related_parts[blob]
    assert image_part.content_type == "image/png"
    with Image.open(io.BytesIO(image_part.blob)) as image:
        assert image.format == "PNG" and image.width == 1360
        assert len(image.getcolors(256) or ()) > 8  # drawn, not blank
    context = build_report_context(score_file(answers, str(answers), load_questionnaire(questionnaire) if questionnaire else None), "fr")
    assert context.chart.kind == kind
    assert shapes[0]._inline.docPr.get("descr") == context.chart_desc
    assert abs(shapes[0].width.cm - 16.0) < 0.01


# --------------------------------------------------------------------------------------------
# Brand and properties
# --------------------------------------------------------------------------------------------
def test_brand_colour_logo_footer_and_author(write) -> None:
    from docx.shared import RGBColor
    from PIL import Image

    logo = io.BytesIO()
    Image.new("RGB", (40, 20), (255, 204, 0)).save(logo, format="PNG")
    write("logo.png", logo.getvalue())
    brand_file = write("brand.yaml", """
        consultant: Conseil Durand & Fils
        logo: logo.png
        primary_color: "#ffcc00"
        footer: Confidentiel — Durand
    """)
    brand = load_brand(brand_file)
    document = open_docx(render(lang="fr", brand=brand))
    expected = RGBColor.from_string(brand.text_color[1:].upper())
    assert brand.text_color != "#ffcc00"  # darkened for contrast on white, as in HTML
    for style in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[style].font.color.rgb == expected
    blobs = [document.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
             for s in document.inline_shapes]
    assert logo.getvalue() in blobs and len(blobs) == 2
    props = document.core_properties
    assert props.author == "Conseil Durand & Fils" and props.last_modified_by == "Conseil Durand & Fils"
    assert props.title.endswith("Acme SARL")
    footer = document.sections[0].footer.paragraphs[0].text
    assert "Confidentiel — Durand" in footer
    assert "Conseil Durand & Fils" in all_text(document)
    assert abs(document.sections[0].page_width.mm - 210) < 0.5  # A4


def test_no_brand_no_author() -> None:
    document = open_docx(render())
    assert document.core_properties.author == ""  # never python-docx's own default
    assert len(document.inline_shapes) == 1


# --------------------------------------------------------------------------------------------
# Data is text
# --------------------------------------------------------------------------------------------
def hostile_files(write) -> tuple[Path, Path]:
    """A questionnaire whose first question is markup, and answers whose organisation and note
    carry markup and control characters (YAML escapes ``\\x1b`` and ``\\v``)."""
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    text = MINI.read_text(encoding="utf-8").replace(
        'text: {fr: "Qui pilote l\'IA ?", en: "Who leads AI?"}', f'text: {{fr: "{quoted}", en: "{quoted}"}}')
    assert "script" in text
    questionnaire = write("hostile.yaml", text)
    answers = write("answers.yaml", ACME.read_text(encoding="utf-8")
                    .replace("organisation: Acme SARL", 'organisation: "Acme <script>x</script> & Co\\x1b"')
                    .replace("role: Our CTO, one day a week.", 'role: "Our CTO\\vone day\\x1b a week."'))
    return questionnaire, answers


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_markup_and_control_characters_are_text(write, lang: str) -> None:
    questionnaire, answers = hostile_files(write)
    result = score_file(answers, str(answers), load_questionnaire(questionnaire))
    assert "\x1b" in result.answers.organisation
    data = render_report(result, "docx", lang)
    document = open_docx(data)
    text = all_text(document)
    assert HOSTILE in text  # the question, in the domain findings and the appendix
    assert headings(document, "Title") == ["Acme <script>x</script> & Co"]  # \x1b dropped
    assert "Our CTO one day a week." in text  # \v a space, \x1b dropped
    xml = document_xml(data)
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert "\x1b" not in xml and "\x0b" not in xml


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_control_characters_in_a_questionnaire_title(write, tmp_path: Path, run, lang: str) -> None:
    """The questionnaire loader refuses control characters in its texts (a located error, no
    report); the Word writer drops them anyway, should a context carry them."""
    import dataclasses

    from ia_maturity.errors import InvalidFileError
    from ia_maturity.report.docx import render_docx

    text = MINI.read_text(encoding="utf-8").replace(
        "title: {fr: Mini questionnaire, en: Mini questionnaire}",
        'title: {fr: "Mini\\equestionnaire\\vFR", en: "Mini\\equestionnaire\\vEN"}')
    questionnaire = write("control.yaml", text)
    output = tmp_path / "out.docx"
    try:
        chosen = load_questionnaire(questionnaire)
    except InvalidFileError as exc:
        assert "control character" in str(exc)
        result = run("report", ACME, "-q", questionnaire, "-o", output)
        assert result.exit_code == 1 and "control.yaml:" in result.stderr
        assert not output.exists()
    else:  # a loader that lets them through: the document drops them
        data = render_report(score_file(ACME, str(ACME), chosen), "docx", lang)
        assert f"Miniquestionnaire {lang.upper()}" in all_text(open_docx(data))
    context = build_report_context(score_file(ACME, str(ACME), load_questionnaire(MINI)), lang)
    title = f"Mini\x1bquestionnaire\x0b{lang.upper()} <b>\x00"
    context = dataclasses.replace(context, cover=dataclasses.replace(context.cover, questionnaire=title))
    data = render_docx(context)
    document = open_docx(data)
    assert f"Miniquestionnaire {lang.upper()} <b>" in all_text(document)
    assert document.core_properties.subject == f"Miniquestionnaire {lang.upper()} <b>"
    xml = document_xml(data)
    assert "\x1b" not in xml and "\x0b" not in xml and "\x00" not in xml


def test_xml_text() -> None:
    assert xml_text("a\x1bb\x0bc\x0cd\x00e\r\nf\tg\ufffe") == "ab c de\nf\tg"
    assert xml_text(None) == ""


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------
def test_cli_suffix_and_format_pick_docx(tmp_path: Path, run) -> None:
    by_suffix = tmp_path / "acme.docx"
    result = run("report", ACME, "-q", MINI, "-o", by_suffix)
    assert result.exit_code == 0, result.stderr
    assert "(docx," in result.stdout
    assert headings(open_docx(by_suffix.read_bytes()), "Title") == ["Acme SARL"]
    by_option = tmp_path / "acme.bin"
    result = run("report", ACME, "-q", MINI, "--format", "docx", "--lang", "fr", "-o", by_option)
    assert result.exit_code == 0, result.stderr
    assert "1. Synthèse" in headings(open_docx(by_option.read_bytes()), "Heading 1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.bin", "acme.docx"]  # no temporary left


def test_cli_never_writes_over_an_input(tmp_path: Path, run) -> None:
    answers = tmp_path / "acme.yaml"
    shutil.copy(ACME, answers)
    before = answers.read_bytes()
    result = run("report", answers, "-q", MINI, "--format", "docx", "-o", answers)
    assert result.exit_code == 1
    assert "is an input file" in result.stderr
    assert answers.read_bytes() == before


def test_cli_without_python_docx_says_how_to_install(tmp_path: Path) -> None:
    """python-docx made unimportable in a real process (a None entry in sys.modules makes
    ``import docx`` raise ImportError, as when it is not installed)."""
    output = tmp_path / "acme.docx"
    code = ("import sys; sys.modules['docx'] = None; from ia_maturity.cli import main; "
            f"sys.argv = ['ia-maturity', 'report', {str(ACME)!r}, '-q', {str(MINI)!r}, '-o', {str(output)!r}]; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == f"error: {DOCX_INSTALL_HINT}\n"
    assert "pip install 'ia-maturity[docx]'" in proc.stderr
    assert not output.exists()


def test_render_without_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    from ia_maturity.errors import IaMaturityError

    monkeypatch.setitem(sys.modules, "docx", None)
    assert not docx_available()
    with pytest.raises(IaMaturityError, match=re.escape(DOCX_INSTALL_HINT)):
        render()


# --------------------------------------------------------------------------------------------
# LibreOffice opens it
# --------------------------------------------------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = "LibreOffice (soffice) not installed: apt-get install --no-install-recommends libreoffice-writer-nogui"
    if os.environ.get("IA_MATURITY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (IA_MATURITY_REQUIRE_BROWSER=1: the LibreOffice test must run)")
    pytest.skip(reason)


def test_libreoffice_converts_it_to_pdf(tmp_path: Path, write) -> None:
    from pypdf import PdfReader

    program = soffice()
    questionnaire, answers = hostile_files(write)
    source = tmp_path / "report.docx"
    source.write_bytes(render_report(score_file(answers, str(answers), load_questionnaire(questionnaire)), "docx", "fr"))
    outdir = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()  # its own profile: runs in parallel with any other soffice
    proc = subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(outdir), str(source)],
                          capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    pdf = outdir / "report.pdf"
    assert pdf.is_file(), (proc.returncode, proc.stdout, proc.stderr)
    reader = PdfReader(str(pdf))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Acme <script>x</script> & Co" in text
    assert "Niveau 1 · Géré — 20,8/100" in text
    assert "1. Synthèse" in text and "Gouvernance" in text
    assert "<script>alert" in text
    assert len(reader.pages) >= 3


def test_content_added_to_the_context_is_still_written() -> None:
    """A section or a summary field this module has no layout for is written as paragraphs and
    lists rather than dropped (the context grows faster than the Word layout)."""
    import dataclasses

    from ia_maturity.report.docx import render_docx

    result = score_file(ACME, str(ACME), load_questionnaire(MINI))
    context = build_report_context(result, "en")
    summary_type = dataclasses.make_dataclass(
        "LaterSummary", [("key_message", str, dataclasses.field(default="Start with <data> & people."))],
        bases=(type(context.summary),), frozen=True)
    summary = summary_type(**{f.name: getattr(context.summary, f.name) for f in dataclasses.fields(context.summary)})

    class Later:
        def __init__(self, base) -> None:
            self._base = base
            self.summary = summary
            self.sections = tuple(base.sections) + (("glossary", len(base.sections) + 1, "Glossary"),)
            self.glossary = ("Coverage: the share of weight answered", "Red line: an answer that caps a level")

        def __getattr__(self, name: str):
            return getattr(self._base, name)

    document = open_docx(render_docx(Later(context)))
    text = all_text(document)
    assert "Start with <data> & people." in text
    assert f"{len(context.sections) + 1}. Glossary" in headings(document, "Heading 1")
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Red line: an answer that caps a level" in bullets
