"""Word reports (``report --format docx``): the report's ``ReportContext`` as a real Word document.

The document is built with python-docx from the same pure data the Markdown and HTML templates
lay out (no score is computed here): Title and Heading 1/2/3 styles, real tables, bulleted and
numbered lists, the domain chart as a PNG picture, the brand's colour on headings, its logo on
the cover and its footer on every page, and document properties (title, author = consultant,
language). python-docx and Pillow (which draws the chart) come with the ``docx`` extra and are
imported inside the functions that need them.

Everything written comes from the questionnaire, the answers or the brand: it is data. python-docx
escapes XML-special characters, and :func:`xml_text` drops the control characters that XML 1.0
cannot hold (a questionnaire may carry ``\\x1b`` through a YAML escape), so no text can break the
document.

The renderer follows ``context.sections`` (anchor, number, title): a known anchor has its own
layout; a section it does not know, or a field added to the summary, is still written, as plain
paragraphs and lists (see :meth:`_Writer.generic`), so that content added to the context shows
up in Word before this module learns its layout.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ia_maturity.errors import IaMaturityError

if TYPE_CHECKING:
    from ia_maturity.report.context import ReportContext

DOCX_INSTALL_HINT = ("Word output needs python-docx and Pillow: pip install 'ia-maturity[docx]' "
                     "(in a checkout: pip install '.[docx]')")

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACES = re.compile("[\x0b\x0c]")
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}

CHART_SCALE = 2
"""The chart PNG has CHART_SCALE pixels per unit of the chart's view box (680 units wide)."""
CHART_WIDTH_CM = 16.0
TEXT_WIDTH_CM = 17.0
"""A4 less two margins of 2 cm."""
GRID = "#c3c9d2"
GRID_OUTER = "#8c96a3"
MUTED = "#5b6573"
INK = "#1f2328"
MISSING_INK = "#4a5360"


def docx_available() -> bool:
    """python-docx and Pillow can be imported."""
    try:
        import docx  # noqa: F401
        import PIL.Image  # noqa: F401
    except ImportError:
        return False
    return True


def xml_text(value: object) -> str:
    """``value`` as text that XML 1.0 can hold: vertical tab and form feed become spaces, other
    control characters (and lone surrogates) are dropped; ``\\r\\n`` becomes ``\\n``."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_FORBIDDEN.sub("", _XML_SPACES.sub(" ", text))


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


# --------------------------------------------------------------------------------------------
# The chart as a PNG (Pillow), from the same geometry as the SVG of the HTML report
# --------------------------------------------------------------------------------------------
def _fonts(size: float) -> dict[str, Any]:
    """Regular, bold and oblique fonts at ``size`` pixels: DejaVu Sans when the system has it
    (as the SVG asks), else the font that Pillow ships."""
    from PIL import ImageFont

    fonts: dict[str, Any] = {}
    for style, name in (("regular", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"), ("italic", "DejaVuSans-Oblique.ttf")):
        try:
            fonts[style] = ImageFont.truetype(name, round(size))
        except OSError:
            fonts[style] = fonts.get("regular")
    if fonts["regular"] is None:
        try:
            default = ImageFont.load_default(round(size))  # Pillow >= 10.1 with FreeType
        except TypeError:
            default = ImageFont.load_default()
        fonts = dict.fromkeys(fonts, default)
    return {k: v if v is not None else fonts["regular"] for k, v in fonts.items()}


def _draw_text(draw: Any, xy: tuple[float, float], text: str, font: Any, fill: Any, anchor: str) -> None:
    """Text whose baseline starts (``start``), is centred (``middle``) or ends (``end``) at ``xy``."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    code = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
    try:
        draw.text(xy, text, font=font, fill=fill, anchor=code)
    except ValueError:  # a bitmap font has no anchors: place the box by hand
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        width = right - left
        x = xy[0] - {"start": 0, "middle": width / 2, "end": width}[anchor]
        draw.text((x, xy[1] - bottom), text, font=font, fill=fill)


def _dashed(draw: Any, start: tuple[float, float], end: tuple[float, float], fill: Any, width: int, dash: float) -> None:
    length = math.dist(start, end)
    if length == 0:
        return
    steps = int(length // (2 * dash)) + 1
    dx, dy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    for i in range(steps):
        a = i * 2 * dash
        b = min(a + dash, length)
        draw.line([(start[0] + dx * a, start[1] + dy * a), (start[0] + dx * b, start[1] + dy * b)], fill=fill, width=width)


def _points(text: str, scale: float) -> list[tuple[float, float]]:
    out = []
    for pair in text.split():
        x, _, y = pair.partition(",")
        out.append((float(x) * scale, float(y) * scale))
    return out


def chart_png(chart: Any, primary_color: str, text_color: str, scale: int = CHART_SCALE) -> bytes:
    """The radar or bar chart of ``report.chart`` drawn as a PNG, as the HTML report's SVG draws it.

    Drawn at twice the size and reduced, for smooth lines."""
    from PIL import Image, ImageDraw

    s = scale * 2
    width, height = round(chart.width * s), round(chart.height * s)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    primary, brand_text = _rgb(primary_color), _rgb(text_color)
    small, normal = _fonts(10 * s), _fonts(13 * s)

    if chart.kind == "radar":
        cx, cy = chart.cx * s, chart.cy * s
        for pct, points in chart.rings:
            ring = _points(points, s)
            draw.polygon(ring, outline=GRID_OUTER if pct == 100 else GRID, width=max(1, s))
        missing = tuple(getattr(chart, "missing", ())) or (False,) * len(chart.axes)
        for (x, y), is_missing in zip(chart.axes, missing, strict=False):
            if is_missing:
                _dashed(draw, (cx, cy), (x * s, y * s), GRID, max(1, s), 4 * s)
            else:
                draw.line([(cx, cy), (x * s, y * s)], fill=GRID, width=max(1, s))
        for x, y, text in chart.ring_labels:
            _draw_text(draw, (x * s, y * s), str(text), small["regular"], MUTED, "start")
        if chart.points:
            polygon = _points(chart.polygon, s)
            overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
            ImageDraw.Draw(overlay).polygon(polygon, fill=(*primary, round(255 * 0.28)))
            image.paste(overlay, (0, 0), overlay)
            draw = ImageDraw.Draw(image)
            if len(polygon) > 1:
                draw.line(polygon + [polygon[0]], fill=primary, width=round(2.5 * s), joint="curve")
            radius = 4 * s
            for x, y in chart.points:
                draw.ellipse([x * s - radius, y * s - radius, x * s + radius, y * s + radius], fill=primary)
        for label in chart.labels:
            for i, line in enumerate(label.lines):
                last = i == len(label.lines) - 1
                if last and label.missing:
                    font, fill = normal["italic"], MISSING_INK
                elif last:
                    font, fill = normal["bold"], brand_text
                else:
                    font, fill = normal["regular"], INK
                _draw_text(draw, (label.x * s, (label.y + 15 * i) * s), line, font, fill, label.anchor)
    else:
        for x, text in chart.ticks:
            draw.line([(x * s, 12 * s), (x * s, (chart.height - 20) * s)], fill="#d0d5dd", width=max(1, s))
            _draw_text(draw, (x * s, (chart.height - 6) * s), str(text), small["regular"], MUTED, "middle")
        for bar in chart.bars:
            baseline = (bar.y + 17) * s
            _draw_text(draw, ((chart.x0 - 10) * s, baseline), bar.label, normal["regular"], INK, "end")
            if bar.missing:
                _draw_text(draw, ((chart.x0 + 6) * s, baseline), bar.value_text, normal["italic"], MISSING_INK, "start")
            else:
                if bar.width > 0:
                    draw.rectangle([chart.x0 * s, bar.y * s, (chart.x0 + bar.width) * s, (bar.y + chart.bar_height) * s],
                                   fill=primary)
                _draw_text(draw, ((chart.x0 + bar.width + 6) * s, baseline), bar.value_text, normal["bold"], brand_text, "start")

    image = image.resize((width // 2, height // 2), Image.LANCZOS)
    # A palette of 128 colours keeps the smoothed edges and makes the file 3 times smaller.
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _logo_image(data_uri: str | None) -> bytes | None:
    """The brand's logo as bytes Word can show (PNG, JPEG, GIF; WebP converted to PNG), or None
    for no logo, an SVG logo (Word documents built here carry raster images only) or an image
    that cannot be read."""
    if not data_uri or not data_uri.startswith("data:image/") or ";base64," not in data_uri:
        return None
    mime, _, payload = data_uri[5:].partition(";base64,")
    if mime == "image/svg+xml":
        return None
    try:
        from PIL import Image

        data = base64.b64decode(payload, validate=True)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if mime in ("image/png", "image/jpeg", "image/gif"):
                return data
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except Exception:  # a logo Pillow cannot read is left out rather than failing the report
        return None


# --------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------
def _field(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.name``, or ``default`` where the context does not have that field (yet)."""
    return getattr(obj, name, default) if obj is not None else default


class _Writer:
    def __init__(self, context: ReportContext) -> None:
        import docx
        from docx.shared import Cm, Mm, Pt, RGBColor

        self.ctx = context
        self.t = context.t
        self.doc = docx.Document()
        self.Cm, self.Pt, self.RGBColor = Cm, Pt, RGBColor
        brand = context.brand
        self.primary = _field(brand, "primary_color", "#1d4e89")
        self.heading_color = _field(brand, "text_color", self.primary)
        self.numbered_lists = 0
        self.rich_summary = hasattr(_field(context, "summary"), "top_actions")
        """Issue 9's summary (badge, chart, top actions, next steps), which moves the recommendation
        count, the strongest and weakest domains and the "why" of red lines to the detail."""
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        self._styles()

    # -- words --------------------------------------------------------------------------------
    def word(self, key: str, default: str = "") -> str:
        return self.t.get(key, default) if hasattr(self.t, "get") else default

    def label(self, key: str) -> str:
        return f"{self.word(key, key)}{self.word('colon', ':')}"

    # -- styles -------------------------------------------------------------------------------
    def _styles(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        color = self.RGBColor.from_string(self.heading_color[1:].upper())
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            self.doc.styles[name].font.color.rgb = color
        # The spelling language of the whole document (every style inherits docDefaults).
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                lang = rpr.find(qn("w:lang"))
                if lang is None:
                    lang = OxmlElement("w:lang")
                    rpr.append(lang)
                lang.set(qn("w:val"), _LANGUAGE_TAGS.get(self.ctx.lang, self.ctx.lang))

    # -- blocks -------------------------------------------------------------------------------
    def heading(self, text: str, level: int) -> Any:
        return self.doc.add_heading(xml_text(text), level)

    def para(self, text: str | None = "", style: str | None = None, bold: bool = False, italic: bool = False,
             label: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        if label:
            paragraph.add_run(xml_text(label) + " ").bold = True
        if text:
            run = paragraph.add_run(xml_text(text))
            run.bold = bold or None
            run.italic = italic or None
        return paragraph

    def paragraphs(self, text: str | None, style: str | None = None) -> None:
        """A text that may hold blank lines: one Word paragraph per block."""
        for block in re.split(r"\n\s*\n", xml_text(text)):
            if block.strip():
                self.para(block.strip("\n"), style)

    def callout(self, text: str, label: str | None = None) -> Any:
        return self.para(text, "Intense Quote", label=label)

    def bullets(self, items: Iterable[str], level: int = 1) -> None:
        style = "List Bullet" if level == 1 else "List Bullet 2"
        for item in items:
            self.para(item, style)

    def numbered(self, items: Iterable[str]) -> list[Any]:
        """A numbered list that starts at 1 (a new Word numbering instance of List Number)."""
        paragraphs = [self.para(item, "List Number") for item in items]
        if paragraphs:
            self.numbered_lists += 1
            if self.numbered_lists > 1:  # the first list of the style starts at 1 by itself
                self._restart_numbering(paragraphs)
        return paragraphs

    def _restart_numbering(self, paragraphs: Sequence[Any]) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        style = self.doc.styles["List Number"]
        num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is None:
            return
        numbering = self.doc.part.numbering_part.element
        current = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))), None)
        if current is None:
            return
        abstract = current.find(qn("w:abstractNumId")).get(qn("w:val"))
        new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), new_id)
        abstract_ref = OxmlElement("w:abstractNumId")
        abstract_ref.set(qn("w:val"), abstract)
        num.append(abstract_ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        numbering.append(num)
        for paragraph in paragraphs:
            ppr = paragraph._p.get_or_add_pPr()
            own = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            ref = OxmlElement("w:numId")
            ref.set(qn("w:val"), new_id)
            own.append(ilvl)
            own.append(ref)
            ppr.append(own)

    def hyperlink(self, paragraph: Any, text: str, url: str) -> None:
        """A link to ``url`` (http, https or mailto only; anything else stays plain text)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        target = xml_text(url).strip().replace(" ", "%20")
        if not target.lower().startswith(_LINK_SCHEMES):
            paragraph.add_run(xml_text(text))
            return
        r_id = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), self.heading_color[1:].upper())
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        rpr.append(color)
        rpr.append(underline)
        run.append(rpr)
        node = OxmlElement("w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = xml_text(text)
        run.append(node)
        link.append(run)
        paragraph._p.append(link)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]], right: Iterable[int] = (),
              widths: Sequence[float] | None = None) -> Any:
        """A table with a header row (repeated on each page, in the brand's colour) and one row per
        item; a cell given a list or tuple gets one paragraph per element. ``widths``: shares of
        the text width, one per column."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        right = set(right)
        rows = [list(row) for row in rows]
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        header = table.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for i, (cell, text) in enumerate(zip(header.cells, headers, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(xml_text(text))
            run.bold = True
            run.font.color.rgb = self.RGBColor(0xFF, 0xFF, 0xFF)
            if i in right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), self.heading_color[1:].upper())
            cell._tc.get_or_add_tcPr().append(shading)
        for values in rows:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
                parts = list(value) if isinstance(value, (list, tuple)) else [value]
                for j, part in enumerate(parts):
                    paragraph = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                    if isinstance(part, tuple) and len(part) == 2 and callable(part[1]):
                        part[1](paragraph, part[0])
                    else:
                        paragraph.add_run(xml_text("" if part is None else part))
                    if i in right:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if widths:
            total = sum(widths)
            table.autofit = False
            for row in table.rows:
                for cell, share in zip(row.cells, widths, strict=True):
                    cell.width = self.Cm(TEXT_WIDTH_CM * share / total)
        self.doc.add_paragraph()  # Word glues two tables that touch; keep one line between them
        return table

    def picture(self, data: bytes, width_cm: float | None = None, height_cm: float | None = None,
                title: str = "", description: str = "") -> Any:
        """A picture in its own paragraph, with its title and description as alt text."""
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data), width=self.Cm(width_cm) if width_cm else None,
                                height=self.Cm(height_cm) if height_cm else None)
        doc_pr = shape._inline.docPr
        if title:
            doc_pr.set("title", xml_text(title))
        if description:
            doc_pr.set("descr", xml_text(description))
        return paragraph

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- fallback -----------------------------------------------------------------------------
    def generic(self, value: Any, skip: Iterable[str] = ()) -> None:
        """Write a value this module has no layout for: strings as paragraphs, lists as bullets,
        records field by field. Keys, ids and numbers are not prose and are left out."""
        if value is None or isinstance(value, (bool, int, float)):
            return
        if isinstance(value, str):
            self.paragraphs(value)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                if f.name not in skip and not _is_key(f.name):
                    self.generic(getattr(value, f.name))
        elif isinstance(value, (list, tuple)):
            self.bullets(text for text in (_one_line(item) for item in value) if text)
        elif isinstance(value, dict):
            self.bullets(f"{k}{self.word('colon', ':')} {_one_line(v)}" for k, v in value.items() if _one_line(v))

    def extra_fields(self, value: Any, known: Iterable[str]) -> None:
        """The fields of ``value`` that the layout below does not know (added to the context later)."""
        if not dataclasses.is_dataclass(value):
            return
        known = set(known)
        for f in dataclasses.fields(value):
            if f.name not in known and not _is_key(f.name):
                self.generic(getattr(value, f.name))


def _is_key(name: str) -> bool:
    return name in ("id", "key", "kind", "lang", "t", "url") or name.endswith(("_id", "_key", "_days", "_number"))


def _one_line(value: Any) -> str:
    if value is None or isinstance(value, (bool, int, float)):
        return ""
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):
        texts = [_one_line(getattr(value, f.name)) for f in dataclasses.fields(value) if not _is_key(f.name)]
        return " — ".join(t for t in texts if t)
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_one_line(v) for v in value) if t)
    return str(value)


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------
def _cover(w: _Writer) -> None:
    """The header: logo, kicker, organisation (Title style), level badge and who and when."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ctx, cover, summary = w.ctx, w.ctx.cover, _field(w.ctx, "summary")
    logo = _logo_image(_field(ctx.brand, "logo_data_uri"))
    if logo is not None:
        from PIL import Image

        with Image.open(io.BytesIO(logo)) as image:
            ratio = image.width / max(1, image.height)
        width = min(5.0, 2.5 * ratio)
        w.picture(logo, width_cm=width, title=cover.prepared_by, description=cover.prepared_by)
        w.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    kicker = w.para(cover.title, bold=True)
    kicker.runs[0].font.color.rgb = w.RGBColor.from_string(w.heading_color[1:].upper())
    w.heading(cover.organisation, 0)
    if not w.rich_summary and summary is not None and _field(summary, "level_number") is not None:
        w.para(f"{w.word('table_level')} {summary.level_number} · {summary.level_name} — {summary.score}/100", bold=True)
    rows = (("cover_date", cover.date), ("cover_role", cover.role), ("cover_questionnaire", cover.questionnaire),
            ("cover_prepared_by", cover.prepared_by))
    if not w.rich_summary:
        rows = (("cover_organisation", cover.organisation),) + rows
    for key, value in rows:
        w.para(value, label=w.label(key))


def _contents(w: _Writer) -> None:
    w.para(w.word("contents"), bold=True)
    w.numbered(title for _, _, title in w.ctx.sections)
    w.para(w.word("cover_confidential"), italic=True)


def _chart(w: _Writer) -> None:
    ctx = w.ctx
    chart = _field(ctx, "chart")
    if chart is None:
        return
    w.picture(chart_png(chart, w.primary, w.heading_color), width_cm=CHART_WIDTH_CM,
              title=_field(ctx, "chart_title", ""), description=_field(ctx, "chart_desc", ""))
    if _field(ctx, "chart_desc"):
        w.para(ctx.chart_desc, "Caption")


def _strongest_weakest(w: _Writer, summary: Any) -> None:
    for key in ("strongest", "weakest"):
        lines = _field(summary, key, ())
        if lines or not w.rich_summary:
            w.heading(w.word(key), 2)
            w.bullets(line.text for line in lines)


def _summary(w: _Writer, summary: Any) -> None:
    """The executive summary. With the summary as the first numbered section (the committed
    context), it also holds the recommendation count, strongest and weakest domains and the
    "why" of each red line; with an unnumbered summary (issue 9's), it holds the badge, the
    chart, the top actions, the coverage warning and the next steps, and those other parts move
    to the detail sections."""
    if summary is None:
        return
    t = w.word
    if _field(summary, "badge"):
        w.para(summary.badge, bold=True)
    w.para(_field(summary, "overall"))
    if not w.rich_summary:
        w.para(_field(summary, "recommendation_count"))
    if _field(summary, "capped_note"):
        w.callout(summary.capped_note)
    if _field(summary, "level_meaning"):
        w.para(summary.level_meaning, label=w.label("level_meaning"))
    if w.rich_summary:
        _chart(w)
    known = {"overall", "recommendation_count", "capped_note", "level_meaning", "strongest", "weakest", "red_lines",
             "level_name", "level_number", "score", "badge", "top_actions", "top_intro", "coverage_warning",
             "next_steps", "level_meaning_full"}
    w.extra_fields(summary, known)  # e.g. a summary paragraph added to the context later
    if not w.rich_summary:
        _strongest_weakest(w, summary)
    w.heading(t("red_lines"), 2)
    reds = _field(summary, "red_lines", ())
    if not reds:
        w.para(t("red_lines_none"))
    for red in reds:
        paragraph = w.para(red.text, "List Bullet")
        if not w.rich_summary and _field(red, "why"):
            paragraph.add_run(" " + xml_text(f"{t('why')}{t('colon')}") + " ").italic = True
            paragraph.add_run(xml_text(red.why))
    if hasattr(summary, "top_actions"):
        w.heading(t("top_actions", "Top actions"), 2)
        if summary.top_actions:
            w.para(_field(summary, "top_intro"))
            paragraphs = w.numbered(_field(a, "title", "") for a in summary.top_actions)
            for paragraph, action in zip(paragraphs, summary.top_actions, strict=True):
                if _field(action, "red_line"):
                    paragraph.add_run(xml_text(f" ({t('top_red_line')})")).bold = True
                if _field(action, "why"):
                    paragraph.add_run(xml_text(f" — {action.why}"))
                if _field(action, "when"):
                    paragraph.add_run(xml_text(f" {action.when}")).italic = True
        else:
            w.para(t("no_recommendations"))
    if _field(summary, "coverage_warning"):
        w.callout("⚠ " + summary.coverage_warning)
    if _field(summary, "next_steps"):
        w.heading(t("next_steps", "Next steps"), 2)
        w.bullets(summary.next_steps)


def _scores(w: _Writer, _: Any) -> None:
    ctx, t = w.ctx, w.word
    if not w.rich_summary:
        _chart(w)
    rows = [[row.title, row.score, row.level, row.coverage, row.capped] for row in _field(ctx, "domain_rows", ())]
    overall = _field(ctx, "overall_row")
    if overall is not None:
        rows.append([overall.title, overall.score, overall.level, overall.coverage, overall.capped])
    table = w.table([t("table_domain"), t("table_score"), t("table_level"), t("table_coverage"), t("table_capped")],
                    rows, right=(1, 3), widths=(4, 1.3, 2.6, 1.6, 1.3))
    if overall is not None:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    summary = _field(ctx, "summary")
    if w.rich_summary and summary is not None:
        if _field(summary, "level_meaning_full"):
            w.para(summary.level_meaning_full, label=w.label("level_meaning"))
        _strongest_weakest(w, summary)


def _domains(w: _Writer, domains: Any) -> None:
    t = w.word
    for d in domains or ():
        w.heading(d.title, 2)
        w.para(d.summary, italic=True)
        if _field(d, "description"):
            w.paragraphs(d.description)
        for red in _field(d, "red_lines", ()):
            paragraph = w.callout(red.text, label=w.label("domain_caps"))
            if w.rich_summary and _field(red, "why"):
                paragraph.add_run(" " + xml_text(f"{t('why')}{t('colon')}") + " ").italic = True
                paragraph.add_run(xml_text(red.why))
        findings = _field(d, "findings", ())
        for f in findings:
            w.para(f.question, "List Bullet", bold=True)
            w.para(f.answer + (f" ({f.credit})" if f.credit else "") + (f" {t('answer_unknown')}" if f.unknown else ""), "List Bullet 2",
                   label=w.label("answer_given"))
            if f.help:
                w.para(f.help, "List Bullet 2", label=w.label("help"))
            if f.note:
                w.para(f.note, "List Bullet 2", italic=True, label=w.label("note"))
        if not findings and _field(d, "nothing_lost"):
            w.para(t("domain_nothing_lost"))
        if _field(d, "not_applicable_questions") and not _field(d, "not_applicable"):
            w.heading(t("not_applicable_questions"), 3)
            w.bullets(d.not_applicable_questions)
        if _field(d, "unanswered"):
            w.heading(t("unanswered_questions"), 3)
            w.bullets(d.unanswered)
        if _field(d, "notes"):
            w.heading(t("other_notes"), 3)
            for question, note in d.notes:
                paragraph = w.para(question, "List Bullet")
                paragraph.add_run(" — ")
                paragraph.add_run(xml_text(note)).italic = True


def _recommendation_meta(w: _Writer, rec: Any) -> str:
    t, colon = w.word, w.word("colon", ":")
    priority = f"{t('priority')}{colon} {rec.priority}" + (f" ({t('top_red_line')})" if _field(rec, "red_line") else "")
    parts = [priority] + ([f"{t('when')}{colon} {rec.when}"] if _field(rec, "when") else []) + [
        f"{t('horizon')}{colon} {rec.horizon}", f"{t('effort')}{colon} {rec.effort}"]
    if _field(rec, "domain"):
        parts.append(f"{t('domain')}{colon} {rec.domain}")
    if _field(rec, "refs"):
        parts.append(f"{t('references')}{colon} {', '.join(rec.refs)}")
    return " · ".join(parts)


def _recommendations(w: _Writer, recommendations: Any) -> None:
    t = w.word
    if not recommendations:
        w.para(t("no_recommendations"))
    elif w.rich_summary and _field(w.ctx.summary, "recommendation_count"):
        w.para(w.ctx.summary.recommendation_count)
    for number, rec in enumerate(recommendations or (), start=1):
        w.heading(f"{_field(rec, 'rank') or number}. {rec.title}", 2)
        w.para(_recommendation_meta(w, rec), italic=True)
        w.paragraphs(rec.body)
        resources = _field(rec, "resources", ())
        if resources:
            w.para(w.label("sources"), bold=True)
            for res in resources:
                paragraph = w.para("", "List Bullet")
                w.hyperlink(paragraph, res.title, res.url)


def _plan(w: _Writer, plan: Any) -> None:
    ctx, t = w.ctx, w.word
    w.paragraphs(_field(ctx, "plan_intro"))
    for bucket in plan or ():
        until = _field(bucket, "until")
        w.heading(f"{bucket.title} ({until})" if until else bucket.title, 2)
        w.extra_fields(bucket, {"key", "title", "until", "items", "start"})
        if bucket.items and all(_field(rec, "rank") and _field(rec, "due") for rec in bucket.items):  # paced plan
            w.table([t("plan_rank"), t("s_recommendations"), t("priority"), t("effort"), t("due")],
                    ([str(rec.rank), _titled(w, rec), rec.priority, rec.effort, rec.due] for rec in bucket.items),
                    right=(0,), widths=(0.6, 5, 1.2, 1.2, 1.6))
        elif bucket.items:
            w.table([t("start_by"), t("s_recommendations"), t("priority"), t("effort")],
                    ([rec.start_by, _titled(w, rec), rec.priority, rec.effort] for rec in bucket.items),
                    widths=(1.5, 5, 1.2, 1.2))
        else:
            w.para(t("plan_empty"), italic=True)
    quick = _field(ctx, "quick_wins")
    if quick is not None and _field(quick, "rows"):
        w.heading(t("quick_wins"), 2)
        w.para(t("quick_wins_intro"))
        w.table([t("impact")] + [label for _, label in quick.columns],
                ([row.label] + [tuple(rec.title for rec in cell) for cell in row.cells] for row in quick.rows))


def _titled(w: _Writer, rec: Any) -> str:
    return rec.title + (f" ({w.word('top_red_line')})" if _field(rec, "red_line") else "")


def _when(rec: Any) -> str:
    """When to act on a recommendation: the paced ``start → due`` when the context has it."""
    return _field(rec, "when") or _field(rec, "start_by", "")


def _paced(regulatory: Any) -> bool:
    return all(_field(item.recommendation, "when") for item in regulatory)


def _targets(w: _Writer, targets: Any) -> None:
    """The ``--target`` section: per domain below the target, the questions to change or improve
    (each with the action of the rank that addresses it) and those left unanswered."""
    if targets is None:
        return
    t = w.word
    separator = t("list_separator", "; ")

    def questions(items: Any) -> str:
        return separator.join(q.text + (f" ({q.action_label})" if _field(q, "action_label") else "") for q in items or ())

    w.paragraphs(_field(targets, "intro"))
    if _field(targets, "none"):
        w.para(targets.none)
    words = _field(targets, "words", {}) or {}
    for d in _field(targets, "domains", ()):
        w.heading(d.title, 2)
        w.para(_field(d, "status"), italic=True)
        key = _field(d, "sentence_key")
        frame = {"target_change_improve": "change_improve", "target_change": "change", "target_improve": "improve"}.get(key or "")
        parts = list(words.get(frame, ())) if frame else []
        fills = {"change_improve": (d.change, d.improve), "change": (d.change,), "improve": (d.improve,)}.get(frame or "", ())
        if parts and len(parts) == len(fills) + 1:
            text = parts[0] + "".join(questions(fill) + after for fill, after in zip(fills, parts[1:], strict=True))
            w.para(text)
        elif fills:
            w.bullets(questions(fill) for fill in fills)
        if _field(d, "unanswered"):
            w.para(questions(d.unanswered), label=w.label("target_unanswered"))


def _regulatory(w: _Writer, regulatory: Any) -> None:
    t = w.word
    w.para(t("regulatory_intro"))
    if regulatory:
        with_dates = any(_field(item, "dates") for item in regulatory)
        headers = [t("s_recommendations"), t("regulatory_laws"), t("when") if _paced(regulatory) else t("start_by")] + ([t("regulatory_dates")] if with_dates else []) + [t("sources")]

        def sources(item: Any) -> tuple[Any, ...]:
            return tuple((res.title, lambda p, title, url=res.url: w.hyperlink(p, title, url))
                         for res in _field(item.recommendation, "resources", ()))

        w.table(headers, ([item.recommendation.title, item.laws, _when(item.recommendation)]
                          + ([", ".join(item.dates)] if with_dates else []) + [sources(item)] for item in regulatory),
                right=())
    else:
        w.para(t("regulatory_none"))
    w.callout(t("not_legal_advice"))


def _method(w: _Writer, method: Any) -> None:
    t = w.word
    if method is None:
        return
    for paragraph in _field(method, "paragraphs", ()):
        if paragraph:
            w.paragraphs(paragraph)
    w.para(_field(method, "coverage"), bold=True)
    if _field(method, "coverage_warning"):
        w.callout("⚠ " + method.coverage_warning)
    w.heading(t("reproducibility"), 2)
    for key, value in (("repro_tool", method.tool), ("repro_questionnaire", method.questionnaire),
                       ("repro_hash", method.answers_sha256)):
        paragraph = w.para("", "List Bullet", label=w.label(key))
        paragraph.add_run(xml_text(value)).font.name = "Courier New"
    w.para(t("repro_hint"))


def _appendix(w: _Writer, appendix: Any) -> None:
    t = w.word
    w.para(t("appendix_intro"))
    for d in appendix or ():
        w.heading(d.title, 2)
        w.table([t("question"), t("answer_given"), t("note")],
                ([q.text + (f" ({t('informational')})" if q.informational else ""), q.answer, q.note or ""]
                 for q in d.questions), widths=(3, 2, 2))


def _frameworks(w: _Writer, frameworks: Any) -> None:
    t = w.word
    w.para(t("frameworks_intro"), italic=True)
    w.para(t("frameworks_statuses"))
    for fw in frameworks or ():
        w.heading(fw.name, 2)
        w.table([t("framework_reference"), t("question"), t("answer_given"), t("framework_status")],
                ([", ".join(q.refs), q.text, q.answer, q.status or f"({t('informational')})"] for q in fw.questions),
                widths=(1.4, 3, 2, 1))
        if fw.actions:
            w.heading(t("framework_actions"), 3)
            colon = t("colon", ":")
            w.bullets(f"{a.recommendation.title} ({', '.join(a.refs)}) — {t('priority')}{colon} {a.recommendation.priority}"
                      f" · {t('when') if _field(a.recommendation, 'when') else t('start_by')}{colon} {_when(a.recommendation)}"
                      for a in fw.actions)


def _team(w: _Writer, team: Any) -> None:
    """The team section: respondents by role, where they disagree (counts only when shown), how
    management and staff see it. Nothing in the data shows one person's answers."""
    if team is None:
        return
    t = w.word
    w.paragraphs(team.intro)
    w.heading(t("team_respondents"), 2)
    table = w.table([t("team_role_col"), t("team_count_col")], ([r.label, str(r.count)] for r in team.respondents),
                    right=(1,), widths=(5, 2))
    for run in table.rows[-1].cells[0].paragraphs[0].runs + table.rows[-1].cells[1].paragraphs[0].runs:
        run.bold = True
    w.para(team.anonymity, italic=True)
    w.heading(t("team_divergent"), 2)
    if team.divergent:
        w.para(team.divergent_intro)
        for d in team.divergent:
            w.para(f"{d.question} ({d.answered})", "List Bullet", bold=True)
            if d.counts is None:
                w.para(team.too_few, "List Bullet 2", italic=True)
            else:
                w.bullets((c.text for c in d.counts), level=2)
    else:
        w.para(team.divergent_none)
    w.heading(t("team_gaps"), 2)
    if team.gaps:
        w.para(team.gaps_intro)
        for g in team.gaps:
            paragraph = w.para(g.question, "List Bullet", bold=True)
            paragraph.add_run(xml_text(f" — {g.text}")).bold = False
    else:
        w.para(team.gaps_none)


def _progress(w: _Writer, progress: Any) -> None:
    """Progress since the earliest round: scores per round and the change, actions resolved and
    new, red lines cleared and new (the line chart of the HTML is given as its figures)."""
    if progress is None:
        return
    t = w.word
    w.paragraphs(progress.intro)
    table = w.table([t("progress_measure"), *progress.rounds, t("progress_change")],
                    ([row.title, *row.scores, row.delta] for row in progress.rows),
                    right=range(1, len(progress.rounds) + 2))
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    if progress.chart_desc:
        w.para(progress.chart_desc, "Caption")
    for key, items in (("progress_resolved", progress.resolved), ("progress_new", progress.new)):
        w.heading(t(key), 2)
        if items:
            w.bullets(items)
        else:
            w.para(t("progress_none"))
    w.para(progress.still)
    for key, items in (("progress_red_cleared", progress.red_lines_cleared), ("progress_red_new", progress.red_lines_new)):
        w.heading(t(key), 2)
        if items:
            w.bullets(items)
        else:
            w.para(t("progress_none"))
    for sentence in progress.missing:
        w.callout(sentence)


def _benchmark(w: _Writer, bench: Any) -> None:
    """How the firm compares: the peer group, then its score and band for the overall and each domain."""
    if bench is None:
        return
    t = w.word
    w.para(bench.group)
    table = w.table([t("bench_measure"), t("bench_score"), t("bench_band"), t("bench_quartiles")],
                    ([row.title, row.score, row.band, row.quartiles] for row in bench.rows), right=(1, 3),
                    widths=(4, 1.4, 3.2, 2.4))
    for cell in table.rows[1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    w.para(bench.method, italic=True)
    if bench.warning:
        w.callout("⚠ " + bench.warning)


SECTIONS: dict[str, Callable[[_Writer, Any], None]] = {
    "summary": _summary, "team": _team, "progress": _progress, "benchmark": _benchmark, "scores": _scores, "domains": _domains, "recommendations": _recommendations,
    "plan": _plan, "targets": _targets, "regulatory": _regulatory, "method": _method, "appendix": _appendix,
    "frameworks": _frameworks,
}
"""The layout of each section anchor of ``ReportContext.sections``; the section's data is the
context field of the same name (``scores`` reads the chart and ``domain_rows``)."""


def _footer(w: _Writer) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = w.doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(xml_text(_field(w.ctx, "footer", "")) + " · ")
    run.font.size = w.Pt(8)
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    page.append(inner)
    paragraph._p.append(page)


def _properties(w: _Writer) -> None:
    ctx = w.ctx
    props = w.doc.core_properties
    consultant = _field(ctx.brand, "consultant")
    props.title = xml_text(f"{ctx.cover.title} — {ctx.cover.organisation}")[:255]
    props.subject = xml_text(ctx.cover.questionnaire)[:255]
    props.author = xml_text(consultant or "")[:255]
    props.last_modified_by = xml_text(consultant or "")[:255]
    props.comments = xml_text(_field(ctx.method, "tool", ""))[:255]
    props.language = _LANGUAGE_TAGS.get(ctx.lang, ctx.lang)
    props.keywords = ""
    props.revision = 1
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now


def render_docx(context: ReportContext) -> bytes:
    """The report of ``context`` as the bytes of a .docx file."""
    if not docx_available():
        raise IaMaturityError(DOCX_INSTALL_HINT)
    w = _Writer(context)
    _properties(w)
    _footer(w)
    _cover(w)
    headings = _field(context, "headings") or {}
    t = w.word

    def heading_text(anchor: str, number: int | None, title: str) -> str:
        given = headings.get(anchor) if hasattr(headings, "get") else None
        if isinstance(given, str) and given:
            return given
        if isinstance(given, (tuple, list)) and len(given) == 2:
            number, title = given
        return f"{number}. {title}" if number is not None else title

    def section(anchor: str, number: int | None, title: str) -> None:
        w.heading(heading_text(anchor, number, title), 1)
        layout = SECTIONS.get(anchor)
        data = _field(context, anchor)
        if layout is not None:
            layout(w, data)
        else:
            w.generic(data)  # a section added to the context that this module has no layout for

    sections = list(context.sections)
    anchors = [anchor for anchor, _, _ in sections]
    summary_first = w.rich_summary or "summary" not in anchors  # issue 9: the summary follows the header
    if summary_first:
        entry = next((s for s in sections if s[0] == "summary"), ("summary", None, t("s_summary")))
        section(*entry)
        sections = [s for s in sections if s[0] != "summary"]
    if _field(context, "detail", "full") == "summary":  # --detail summary: header, summary, extras, targets
        if _field(context, "targets") is not None and "targets" not in anchors:
            sections.append(("targets", None, t("s_targets")))
        for entry in sections:
            if entry[0] in ("summary", "team", "progress", "benchmark", "targets"):
                section(*entry)
        w.para(f"{t('cover_confidential')} {context.method.tool}", italic=True)
    else:
        _contents(w)
        w.page_break()
        for entry in sections:
            section(*entry)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
