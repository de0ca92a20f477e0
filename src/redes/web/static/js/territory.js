"use strict";
// Territory: a state choropleth of a group's presence with a year slider, and a
// municipal heat map of its events.
(() => {
  const root = document.getElementById("territory");
  if (!root) return;
  const group = root.dataset.group;
  const from = Number(root.dataset.from);
  const to = Number(root.dataset.to);
  const query = (extra) => new URLSearchParams({ from, to, ...extra }).toString();
  const COLORS = { 1: "#4393c3", 2: "#d6604d", 3: "#762a83" }; // claims, events, both
  const NONE = "#f3f1ea";

  async function presenceMap() {
    const container = document.getElementById("presence-map");
    const slider = document.getElementById("year");
    const label = document.getElementById("year-label");
    const count = document.getElementById("presence-count");
    const map = redesMaps.base(container);
    const [states, presence] = await Promise.all([
      redesMaps.geometry("states"),
      redes.getJSON(`/api/territory/presence?${query({ group })}`),
    ]);
    const byState = {};
    for (const st of presence.states) byState[st.code] = st.years;
    const category = (code, year) => {
      const cell = (byState[code] || {})[String(year)];
      if (!cell) return 0;
      return (cell.claims ? 1 : 0) + (cell.events ? 2 : 0);
    };
    const layer = L.geoJSON(states, {
      style: { color: "#777", weight: 0.7, fillOpacity: 0.9, fillColor: NONE },
      onEachFeature: (feature, shape) => {
        shape.bindTooltip(() => {
          const code = feature.properties.CVE_ENT;
          const cell = (byState[code] || {})[slider.value] || { claims: 0, events: 0 };
          const text = redes.t("{year}: {events}, {claims}", {
            year: slider.value,
            events: redes.tn("{n} event", "{n} events", cell.events),
            claims: redes.tn("{n} claim", "{n} claims", cell.claims),
          });
          return redesMaps.tip(feature.properties.state_name, text);
        });
      },
    }).addTo(map);

    function show(year) {
      const present = [];
      layer.eachLayer((shape) => {
        const code = shape.feature.properties.CVE_ENT;
        const c = category(code, year);
        if (c) present.push(code);
        shape.setStyle({ fillColor: c ? COLORS[c] : NONE });
      });
      label.textContent = String(year);
      const n = present.length;
      count.textContent = redes.tn("{n} state with evidence of {group} in {year}", "{n} states with evidence of {group} in {year}", n, { group: presence.group, year });
      container.dataset.year = String(year);
      container.dataset.states = present.sort().join(",");
    }
    slider.addEventListener("input", () => show(Number(slider.value)));
    show(Number(slider.value));
    // The reasons are the summary's keys (they name the source's columns): shown in words.
    const notes = Object.entries(presence.excluded || {}).map(([reason, n]) =>
      redes.t("{n} {reason}", { n: redes.number(n), reason: redes.label(reason) }),
    );
    document.getElementById("presence-notes").textContent = notes.length
      ? redes.t("Left out: {notes}.", { notes: notes.join("; ") })
      : "";
    container.dataset.ready = "1";
  }

  async function municipalMap() {
    const container = document.getElementById("muni-map");
    const map = redesMaps.base(container);
    const [munis, summary] = await Promise.all([
      redesMaps.geometry("municipalities"),
      redes.getJSON(`/api/events/summary?${query({ actor: group, by: "municipality" })}`),
      redesMaps.outline(map, { fillColor: "#fafafa" }),
    ]);
    const rows = {};
    for (const r of summary.rows) rows[r.code] = r;
    const top = Math.max(1, ...summary.rows.map((r) => r.events));
    const shade = (n) => {
      const t = Math.log(1 + n) / Math.log(1 + top); // log scale: a few hot spots dominate otherwise
      const hue = 50 - 50 * t;
      return `hsl(${hue}, 90%, ${70 - 30 * t}%)`;
    };
    const hot = { ...munis, features: munis.features.filter((f) => rows[f.properties.CVEGEO]) };
    L.geoJSON(hot, {
      style: (f) => ({ color: "#444", weight: 0.3, fillOpacity: 0.9, fillColor: shade(rows[f.properties.CVEGEO].events) }),
      onEachFeature: (f, shape) => {
        const r = rows[f.properties.CVEGEO];
        const text = redes.t("{events}, {deaths}", { events: redes.tn("{n} event", "{n} events", r.events), deaths: redes.tn("{n} death", "{n} deaths", r.deaths) });
        shape.bindTooltip(redesMaps.tip(r.key, text));
      },
    }).addTo(map);
    const notes = Object.entries(summary.excluded || {}).map(([reason, n]) =>
      redes.tn("{n} event, {reason}", "{n} events, {reason}", n, { reason: redes.label(reason) }),
    );
    document.getElementById("muni-notes").textContent =
      redes.tn("{n} municipality with events (darker: more, log scale).", "{n} municipalities with events (darker: more, log scale).", summary.rows.length) +
      (notes.length ? " " + redes.t("Left out: {notes}.", { notes: notes.join("; ") }) : "");
    container.dataset.ready = "1";
    container.dataset.municipalities = String(summary.rows.length);
  }

  presenceMap().catch((error) => {
    document.getElementById("presence-notes").textContent = redes.t("The presence map could not be drawn: {error}", { error: error.message });
  });
  municipalMap().catch((error) => {
    document.getElementById("muni-notes").textContent = redes.t("The heat map could not be drawn: {error}", { error: error.message });
  });
})();
