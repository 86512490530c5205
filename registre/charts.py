"""Small SVG charts drawn at build time: no JavaScript, no request, the figures also written out."""

from __future__ import annotations

from markupsafe import Markup, escape

from .models import Vote

BAR_WIDTH = 320


def vote_chart(vote: Vote, labels: tuple[str, str, str], title: str) -> Markup:
    """One bar split into for / against / abstention, each part labelled with its count."""
    counts = [vote.votes_for or 0, vote.against or 0, vote.abstention or 0]
    total = sum(counts)
    if not vote.has_counts or total == 0:
        return Markup("")
    parts, x = [], 0.0
    for count, label, kind in zip(counts, labels, ("for", "against", "abstention")):
        width = BAR_WIDTH * count / total
        if count:
            parts.append(f'<rect class="chart-{kind}" x="{x:.1f}" y="0" width="{width:.1f}" height="18"><title>{escape(label)} : {count}</title></rect>')
        x += width
    legend = "".join(
        f'<g transform="translate({i * 110},34)"><rect class="chart-{kind}" width="12" height="12" y="-10"/><text x="16">{escape(label)} : {count}</text></g>'
        for i, (count, label, kind) in enumerate(zip(counts, labels, ("for", "against", "abstention")))
    )
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {BAR_WIDTH + 10} 44" width="{BAR_WIDTH + 10}" height="44">'
        f"{''.join(parts)}{legend}</svg>"
    )


def year_chart(counts: dict[int, int], title: str) -> Markup:
    """Vertical bars: acts per year, each with its count above and its year below."""
    if not counts:
        return Markup("")
    years = sorted(counts)
    most = max(counts.values())
    step, height = 44, 90
    bars = []
    for i, year in enumerate(years):
        bar = round(height * counts[year] / most, 1)
        x = i * step
        bars.append(
            f'<rect class="chart-for" x="{x + 8}" y="{height - bar + 16}" width="28" height="{bar}"><title>{year} : {counts[year]}</title></rect>'
            f'<text x="{x + 22}" y="{height - bar + 12}" text-anchor="middle">{counts[year]}</text>'
            f'<text x="{x + 22}" y="{height + 32}" text-anchor="middle">{year}</text>'
        )
    width = step * len(years)
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height + 38}" width="{width}" height="{height + 38}">'
        f"{''.join(bars)}</svg>"
    )
