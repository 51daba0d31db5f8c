"""Geometry of the report's domain chart, as plain numbers for the SVG template.

A radar (spider) chart needs at least three axes; with one or two scored domains the report
draws horizontal bars instead. A domain without a score (not answered, or not applicable) is
never drawn as 0: its axis is dashed, it has no point (the score polygon joins the others) and
its label says why, in place of the score. Coordinates are rounded to one decimal so that the output is
stable from one run to the next. No drawing and no I/O here: the templates turn this into SVG.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

WIDTH = 680.0
"""Width of the SVG view box; the height depends on the chart."""
RADIUS = 150.0
LABEL_GAP = 16.0
LINE_HEIGHT = 15.0
LABEL_WIDTH_CHARS = 22
LABEL_MAX_LINES = 3
"""A domain title longer than this many lines is cut with "…" (the table has it whole)."""
RINGS = (20, 40, 60, 80, 100)


@dataclass(frozen=True)
class ChartLabel:
    x: float
    y: float
    anchor: str
    """SVG text-anchor: start, middle or end."""
    lines: tuple[str, ...]
    """The domain title wrapped to short lines, then the score on its own line."""
    missing: bool = False
    """True when the domain has no score: the last line says why (not answered, not applicable)."""


@dataclass(frozen=True)
class RadarChart:
    kind: str
    """``radar``."""
    width: float
    height: float
    cx: float
    cy: float
    rings: tuple[tuple[int, str], ...]
    """(percent, polygon points) of each grid ring."""
    axes: tuple[tuple[float, float], ...]
    """End point of each axis (from the centre)."""
    polygon: str
    """Points of the score polygon, ``x,y x,y ...``, over the domains that have a score."""
    points: tuple[tuple[float, float], ...]
    """One point per domain that has a score."""
    labels: tuple[ChartLabel, ...]
    ring_labels: tuple[tuple[float, float, str], ...]
    """(x, y, text) of the scale along the first axis."""
    missing: tuple[bool, ...] = ()
    """Per axis: True when its domain has no score (the axis is drawn dashed, without a point)."""


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    missing: bool = False
    """True when the domain has no score: no bar, and ``value_text`` says why."""


@dataclass(frozen=True)
class BarChart:
    kind: str
    """``bars``."""
    width: float
    height: float
    x0: float
    scale: float
    """Pixels per score point."""
    bar_height: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]


def _r(value: float) -> float:
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _points(coords: list[tuple[float, float]]) -> str:
    return " ".join(f"{_r(x):g},{_r(y):g}" for x, y in coords)


def wrap_label(title: str, width: int = LABEL_WIDTH_CHARS, max_lines: int = LABEL_MAX_LINES) -> tuple[str, ...]:
    """A domain title cut into at most ``max_lines`` lines of at most ``width`` characters (words
    are not split, except a word longer than a line); a longer title ends with "…"."""
    lines = textwrap.wrap(title, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines - 1] + [(last if len(last) < width else last[:width - 1].rstrip()) + "…"]
    return tuple(lines)


def label_shape(n: int) -> tuple[int, int]:
    """(characters per line, lines) of a domain title on a radar of ``n`` axes: the more axes, the
    less room between neighbouring labels."""
    if n <= 8:
        return LABEL_WIDTH_CHARS, LABEL_MAX_LINES
    if n <= 12:
        return 18, 2
    return 16, 1


def radar_chart(titles: list[str], scores: list[float | None], score_texts: list[str]) -> RadarChart:
    """A radar of ``scores`` (0..100; None has no point) with one axis per title.

    Axis 0 points up; the others follow clockwise. Labels sit beyond the 100 ring, anchored
    away from the centre so that they never cross the chart.
    """
    n = len(titles)
    if n < 3:
        raise ValueError("a radar chart needs at least three axes")
    width, max_lines = label_shape(n)
    wrapped = [wrap_label(t, width, max_lines) + (s,) for t, s in zip(titles, score_texts, strict=True)]
    top_lines = len(wrapped[0])
    bottom_lines = max(len(w) for i, w in enumerate(wrapped) if abs(math.cos(_angle(i, n))) < 0.5) if any(
        abs(math.cos(_angle(i, n))) < 0.5 for i in range(1, n)) else 2
    margin_top = 24 + LINE_HEIGHT * top_lines
    margin_bottom = 24 + LINE_HEIGHT * bottom_lines
    cx, cy = WIDTH / 2, margin_top + RADIUS
    height = margin_top + 2 * RADIUS + margin_bottom

    def at(i: int, value: float) -> tuple[float, float]:
        angle = _angle(i, n)
        return cx + math.cos(angle) * RADIUS * value / 100, cy + math.sin(angle) * RADIUS * value / 100

    rings = tuple((pct, _points([at(i, pct) for i in range(n)])) for pct in RINGS)
    axes = tuple((_r(x), _r(y)) for x, y in (at(i, 100) for i in range(n)))
    coords = [at(i, max(0.0, min(100.0, s))) for i, s in enumerate(scores) if s is not None]
    labels = []
    for i, lines in enumerate(wrapped):
        angle = _angle(i, n)
        cos, sin = math.cos(angle), math.sin(angle)
        x = cx + cos * (RADIUS + LABEL_GAP)
        y = cy + sin * (RADIUS + LABEL_GAP)
        anchor = "start" if cos > 0.1 else "end" if cos < -0.1 else "middle"
        block = LINE_HEIGHT * (len(lines) - 1)
        if sin < -0.5:        # above the chart: the block ends just above the axis end
            y -= block
        elif sin <= 0.5:      # beside the chart: centred on the axis end
            y -= block / 2 - 4
        else:                 # below the chart
            y += 10
        labels.append(ChartLabel(_r(x), _r(y), anchor, lines, missing=scores[i] is None))
    ring_labels = tuple((_r(cx + 4), _r(cy - RADIUS * pct / 100 + 4), str(pct)) for pct in RINGS)
    return RadarChart(
        kind="radar", width=WIDTH, height=_r(height), cx=_r(cx), cy=_r(cy), rings=rings, axes=axes,
        polygon=_points(coords), points=tuple((_r(x), _r(y)) for x, y in coords), labels=tuple(labels),
        ring_labels=ring_labels, missing=tuple(s is None for s in scores),
    )


def bar_chart(titles: list[str], scores: list[float | None], score_texts: list[str]) -> BarChart:
    """Horizontal bars, for questionnaires with fewer than three scored domains."""
    x0, bar_height, gap = 230.0, 26.0, 18.0
    scale = (WIDTH - x0 - 70) / 100
    bars = tuple(
        Bar(label=title, value_text=text, y=_r(20 + i * (bar_height + gap)),
            width=_r(scale * (0.0 if s is None else max(0.0, min(100.0, s)))), missing=s is None)
        for i, (title, s, text) in enumerate(zip(titles, scores, score_texts, strict=True))
    )
    height = 20 + len(bars) * (bar_height + gap) + 24
    ticks = tuple((_r(x0 + scale * pct), str(pct)) for pct in (0,) + RINGS)
    return BarChart(kind="bars", width=WIDTH, height=_r(height), x0=x0, scale=_r(scale), bar_height=bar_height,
                    bars=bars, ticks=ticks)


def domain_chart(titles: list[str], scores: list[float | None], score_texts: list[str]) -> RadarChart | BarChart | None:
    """The chart that suits the number of domains: a radar from three, bars below, None for none."""
    if not titles:
        return None
    if len(titles) >= 3:
        return radar_chart(titles, scores, score_texts)
    return bar_chart(titles, scores, score_texts)


def _angle(i: int, n: int) -> float:
    return -math.pi / 2 + 2 * math.pi * i / n


# --------------------------------------------------------------------------------------------
# Progress over rounds: a line chart
# --------------------------------------------------------------------------------------------
LINE_COLORS = ("#6b7280", "#b45309", "#047857", "#7c3aed", "#be185d", "#0e7490", "#4d7c0f", "#9f1239")
"""Colours of the domain lines, in order (the overall line takes the brand colour); each line
also has its own dash pattern, so the chart reads on a black-and-white print."""
LINE_DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 6")
LEGEND_CHARS = 26


@dataclass(frozen=True)
class LineSeries:
    label: str
    """The series' name (``Overall`` or a domain title, cut to one short line)."""
    segments: tuple[str, ...]
    """Polyline points ``x,y x,y``; a round without a score breaks the line."""
    points: tuple[tuple[float, float], ...]
    last_text: str
    """The last round's score as text, shown in the legend."""
    overall: bool
    color: str
    """``""`` for the overall line (the template gives it the brand colour)."""
    dash: str
    legend_y: float


@dataclass(frozen=True)
class LineChart:
    kind: str
    """``line``."""
    width: float
    height: float
    x0: float
    x1: float
    y0: float
    """Pixel row of the score 0."""
    y100: float
    """Pixel row of the score 100."""
    x_ticks: tuple[tuple[float, str], ...]
    """(x, round label) of each round."""
    y_ticks: tuple[tuple[float, str], ...]
    series: tuple[LineSeries, ...]
    legend_x: float


def line_chart(round_labels: list[str], series: list[tuple[str, list[float | None], str, bool]]) -> LineChart:
    """Scores per round: ``round_labels`` (one per round, oldest first) and ``series`` as
    (label, score per round or None, last score as text, is-the-overall-line). Scores 0..100."""
    if len(round_labels) < 2:
        raise ValueError("a line chart needs at least two rounds")
    legend_w = 210.0
    x0, x1 = 44.0, WIDTH - legend_w - 20
    y100 = 16.0
    legend_rows = len(series)
    y0 = max(236.0, y100 + legend_rows * 18 + 10)
    height = y0 + 40
    step = (x1 - x0) / (len(round_labels) - 1)

    def at(i: int, value: float) -> tuple[float, float]:
        return x0 + i * step, y0 - (y0 - y100) * max(0.0, min(100.0, value)) / 100

    lines = []
    colors = iter(LINE_COLORS * (len(series) // len(LINE_COLORS) + 1))
    dashes = iter(LINE_DASHES * (len(series) // len(LINE_DASHES) + 1))
    for row, (label, values, last_text, overall) in enumerate(series):
        segments: list[list[tuple[float, float]]] = [[]]
        points = []
        for i, value in enumerate(values):
            if value is None:
                if segments[-1]:
                    segments.append([])
                continue
            xy = at(i, value)
            segments[-1].append(xy)
            points.append((_r(xy[0]), _r(xy[1])))
        lines.append(LineSeries(
            label=wrap_label(label, LEGEND_CHARS, 1)[0], segments=tuple(_points(s) for s in segments if len(s) >= 2),
            points=tuple(points), last_text=last_text, overall=overall,
            color="" if overall else next(colors), dash="" if overall else next(dashes),
            legend_y=_r(y100 + 6 + row * 18),
        ))
    x_ticks = tuple((_r(x0 + i * step), text) for i, text in enumerate(round_labels))
    y_ticks = tuple((_r(at(0, pct)[1]), str(pct)) for pct in (0,) + RINGS)
    return LineChart(kind="line", width=WIDTH, height=_r(height), x0=x0, x1=_r(x1), y0=_r(y0), y100=y100,
                     x_ticks=x_ticks, y_ticks=y_ticks, series=tuple(lines), legend_x=_r(x1 + 24))
