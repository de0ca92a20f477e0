"""The presence small multiples: legend, footnote and source credit each in their own band."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from tests.analyse.test_territory import kb  # noqa: F401  (the fixture)

from redes.analyse import maps
from redes.analyse.territory import presence
from redes.events.actors import resolve_actor
from redes.events.credits import source_credit


def test_the_legend_sits_above_the_footnote_and_the_source_is_credited(kb, tmp_path, monkeypatch):  # noqa: F811
    drawn = {}

    def keep(fig, path):
        drawn["fig"] = fig
        return path

    monkeypatch.setattr(maps, "save", keep)
    with kb.session() as s:
        p = presence(s, resolve_actor(s, "CJNG"), 2010, 2020)
        credit = source_credit(s, "ucdp")
    maps.presence_small_multiples(p, tmp_path / "p.png", credit=credit)
    fig = drawn["fig"]
    renderer = FigureCanvasAgg(fig).get_renderer()
    (legend,) = fig.legends
    foot = [t for t in fig.texts if "Sources:" in t.get_text()]
    assert len(foot) == 1
    note = foot[0].get_text()
    assert credit.startswith("UCDP GED ") and f"Sources: {credit}" in note
    assert "adm_1" not in note and "events whose state the source does not name" in note
    box_legend, box_foot = legend.get_window_extent(renderer), foot[0].get_window_extent(renderer)
    assert box_foot.y1 <= box_legend.y0  # the footnote is wholly below the legend
    lowest_map = min(ax.get_position().y0 for ax in fig.axes) * fig.bbox.height
    assert box_legend.y1 <= lowest_map + 1
