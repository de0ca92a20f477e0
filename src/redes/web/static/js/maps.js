"use strict";
// Leaflet maps over INEGI geometry served by the workbench itself: no tiles, no network.
const redesMaps = (() => {
  const MEXICO = [
    [14.3, -118.5],
    [32.8, -86.5],
  ];
  const cache = {};

  function geometry(layer) {
    if (!cache[layer]) cache[layer] = redes.getJSON(`/api/geo/${layer}`);
    return cache[layer];
  }

  function base(container) {
    const map = L.map(container, { preferCanvas: true, zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Geometry: INEGI");
    map.fitBounds(MEXICO);
    return map;
  }

  // Tooltips and popups get DOM nodes, never strings: Leaflet would parse strings as HTML.
  function tip(...lines) {
    const box = redes.el("div", { class: "tip" });
    lines.forEach((line, i) => box.append(i ? redes.el("div", { text: line }) : redes.el("b", { text: line })));
    return box;
  }

  async function outline(map, style = {}) {
    const states = await geometry("states");
    return L.geoJSON(states, {
      style: { color: "#888", weight: 0.6, fillColor: "#f3f1ea", fillOpacity: 1, ...style },
      interactive: false,
    }).addTo(map);
  }

  return { base, geometry, outline, tip };
})();
