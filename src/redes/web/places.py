"""Put a place entity on the map: a Mexican state (its centroid) or a municipality whose
name is unique or qualified by its state ("Apatzingán, Michoacán"), from INEGI's
gazetteer. Places abroad, and ambiguous names, stay off the map and in the list."""

from __future__ import annotations

from typing import Any

from redes.events import geo
from redes.extract.normalize import key as name_key


def locate(name: str) -> dict[str, Any] | None:
    """``{"level", "code", "lat", "lon"}`` for a Mexican place name, or None."""
    code = geo.state_code(name)
    if code:
        st = geo.states()[code]
        return {"level": "state", "code": code, "lat": st.lat, "lon": st.lon}
    head, state = name, None
    if "," in name:
        head, tail = name.rsplit(",", 1)
        state = geo.state_code(tail)
    codes = geo.municipality_names().get(name_key(head), [])
    if state:
        codes = [c for c in codes if c[:2] == state]
    if len(codes) != 1:
        return None
    m = geo.municipalities()[codes[0]]
    return {"level": "municipality", "code": m.code, "lat": m.lat, "lon": m.lon}
