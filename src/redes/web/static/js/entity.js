"use strict";
// The dossier: a map of the entity's places and its ego network.
(() => {
  const dossier = document.querySelector(".dossier");
  if (!dossier) return;
  const slug = dossier.dataset.entity;

  async function placesMap() {
    const container = document.getElementById("places-map");
    if (!container) return;
    const located = [...document.querySelectorAll("ul.places li[data-lat]")];
    const map = redesMaps.base(container);
    await redesMaps.outline(map);
    const points = [];
    for (const li of located) {
      const lat = Number(li.dataset.lat);
      const lon = Number(li.dataset.lon);
      const years = li.querySelector(".when");
      const marker = L.circleMarker([lat, lon], {
        radius: li.dataset.level === "state" ? 9 : 6,
        color: "#7a4b00",
        weight: 1,
        fillColor: "#e6a532",
        fillOpacity: 0.85,
      }).addTo(map);
      marker.bindTooltip(redesMaps.tip(li.dataset.name, years ? years.textContent : ""));
      marker.on("click", () => window.location.assign(li.dataset.href));
      points.push([lat, lon]);
    }
    if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.6), { maxZoom: 7 });
    container.dataset.markers = String(points.length);
  }

  async function egoNetwork() {
    const container = document.getElementById("ego");
    const note = document.getElementById("ego-note");
    try {
      // A place's ties are to places' occupants: include places when the entity is one.
      const types = dossier.dataset.type === "place" ? "?types=person,criminal_group,state_body,organization,place" : "";
      const data = await redes.getJSON(`/api/graph/ego/${encodeURIComponent(slug)}${types}`);
      if (data.nodes.length < 2) {
        note.textContent = "No relations to draw.";
        container.hidden = true;
        return;
      }
      const cy = redesGraph.draw(container, data, { focus: String(data.center.id), tapOpens: true });
      container.dataset.nodes = String(cy.nodes().length);
    } catch (error) {
      note.textContent = `The ego network could not be drawn: ${error.message}`;
    }
  }

  placesMap().catch((error) => console.warn("places map:", error.message));
  egoNetwork();
})();
