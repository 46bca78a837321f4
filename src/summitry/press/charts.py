"""The after-event report's charts, drawn on the server by matplotlib (Agg, no display) as SVG
whose words stay text: the labels are readable, searchable and selectable on the page and in
the PDF (WeasyPrint), and a test can find them. Korean is written in Nanum Gothic (Debian's
``fonts-nanum``, found through fontconfig by matplotlib's font manager); without it the charts
fall back to another Korean font if one is installed, else to DejaVu Sans, and say so once in
the log (Hangul would then show as boxes where the reader has no Korean font).

Drawing takes a tenth of a second or so per chart: the report's builder draws them once, in the
task queue, and keeps them with the report (``SummitReport.charts``); pages only read them.
"""

from __future__ import annotations

import io
import logging
import re
from functools import cache

import matplotlib

matplotlib.use("Agg")  # before anything else of matplotlib: no display on a server

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

logger = logging.getLogger(__name__)

BAR = "#2f5d9e"
INK = "#1b2330"
# Korean first: Nanum Gothic (fonts-nanum), then other Korean fonts a server may have.
KOREAN_FONTS = ("NanumGothic", "Nanum Gothic", "NanumBarunGothic", "Noto Sans CJK KR")
FALLBACK_FONT = "DejaVu Sans"  # matplotlib's own, always there (no Hangul)
WIDTH = 6.4  # inches: the text width of an A4 page with the PDF's margins, near enough
MAX_LABEL = 40


@cache
def fonts() -> tuple[str, ...]:
    """The font families the charts ask for, best first: a Korean one if the server has one
    (looked up once per process), and matplotlib's own font for anything it lacks."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    found = [name for name in KOREAN_FONTS if name in known]
    if not found:
        # The font cache may predate the fonts' installation: look at fontconfig's list again.
        for path in font_manager.findSystemFonts():
            if "nanum" in path.lower():
                font_manager.fontManager.addfont(path)
        known = {entry.name for entry in font_manager.fontManager.ttflist}
        found = [name for name in KOREAN_FONTS if name in known]
    if not found:
        logger.warning(
            "No Korean font found for the report's charts (install fonts-nanum); "
            "their Korean labels are drawn in %s.",
            FALLBACK_FONT,
        )
    return (*found[:1], FALLBACK_FONT)


def _style() -> dict:
    return {
        "font.family": list(fonts()),
        "font.size": 10,
        "svg.fonttype": "none",  # words as <text>, not as outlines
        "axes.edgecolor": "#8a94a6",
        "axes.labelcolor": INK,
        "text.color": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _number(value: int) -> str:
    return f"{value:,}"


STYLE = re.compile(r'\bstyle="([^"]*)"')


def _attributes(match: re.Match) -> str:
    """``style="fill: #fff; stroke-width: 0.8"`` as presentation attributes (``fill="#fff"
    stroke-width="0.8"``): the site's Content-Security-Policy refuses inline styles, and every
    property matplotlib writes is also an SVG attribute."""
    pairs = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name == "font-family" and not value.endswith("sans-serif"):
            value += ", sans-serif"  # a reader without these fonts: the browser's own
        if name and value:
            pairs.append(f'{name}="{value}"')
    return " ".join(pairs)


def _svg(figure: Figure, *, title: str, key: str) -> str:
    """The figure as an SVG element to put inside a page: no XML prolog or metadata, the
    title as its accessible name, ids of its own (several charts share one page)."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": key}):
        figure.savefig(
            out, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.2
        )
    text = out.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", text, count=1, flags=re.S)
    text = STYLE.sub(_attributes, text)
    # matplotlib numbers its groups (figure_1, axes_1, …) alike in every chart: prefix them.
    text = re.sub(r'\bid="([A-Za-z][\w.]*_\d+)"', rf'id="{key}-\1"', text)
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart-svg" ', 1)


def bars(rows: list[tuple[str, int]], *, title: str, key: str) -> str:
    """Horizontal bars, one per row in the order given, the value written at each bar's end;
    "" for no rows."""
    if not rows:
        return ""
    labels = [_short(label) for label, _value in rows]
    values = [value for _label, value in rows]
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(WIDTH, 0.5 + 0.3 * len(rows)))
        axes = figure.subplots()
        drawn = axes.barh(range(len(rows)), values, color=BAR, height=0.7)
        axes.set_yticks(range(len(rows)), labels)
        axes.invert_yaxis()
        axes.bar_label(drawn, labels=[_number(v) for v in values], padding=3)
        axes.set_xlim(0, max(max(values), 1) * 1.15)
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
        axes.tick_params(axis="y", length=0)
        return _svg(figure, title=title, key=key)


def columns(rows: list[tuple[str, int]], *, title: str, key: str) -> str:
    """Vertical columns (days, in order), the value above each; "" for no rows."""
    if not rows:
        return ""
    labels = [_short(label) for label, _value in rows]
    values = [value for _label, value in rows]
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(min(WIDTH, 1.4 + 0.9 * len(rows)), 2.6))
        axes = figure.subplots()
        drawn = axes.bar(range(len(rows)), values, color=BAR, width=0.6)
        axes.set_xticks(range(len(rows)), labels)
        axes.bar_label(drawn, labels=[_number(v) for v in values], padding=2)
        axes.set_ylim(0, max(max(values), 1) * 1.18)
        axes.yaxis.set_visible(False)
        axes.spines["left"].set_visible(False)
        axes.tick_params(axis="x", length=0)
        return _svg(figure, title=title, key=key)
