"use strict";
// The dossier: a map of the entity's places, its ego network, and the evidence quotes of
// each line, loaded when the line is opened.
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
        note.textContent = redes.t("No relations to draw.");
        container.hidden = true;
        return;
      }
      const cy = redesGraph.draw(container, data, { focus: String(data.center.id), tapOpens: true });
      container.dataset.nodes = String(cy.nodes().length);
    } catch (error) {
      note.textContent = redes.t("The ego network could not be drawn: {error}", { error: error.message });
    }
  }

  // Quotes load when a line's "N quotes" is opened, a page at a time per claim (a line
  // may stand for several claims): a hub's dossier would otherwise carry thousands.
  const QUOTES_PAGE = 20;

  function docLabel(doc) {
    let text = doc.title || doc.file_name;
    if (doc.publisher) text += ` — ${doc.publisher}`;
    if (doc.published) text += `, ${doc.published}`;
    return text;
  }

  async function loadQuotes(details) {
    if (details.dataset.loading) return;
    details.dataset.loading = "1";
    let list = details.querySelector("ol");
    if (!list) {
      list = redes.el("ol");
      details.append(list);
    }
    const state = details._quotes || (details._quotes = {
      next: Object.fromEntries(details.dataset.claims.split(" ").filter(Boolean).map((k) => [k, 0])),
      seen: new Set(),
    });
    const more = details.querySelector("button.more-quotes");
    if (more) more.remove();
    try {
      for (const [key, offset] of Object.entries(state.next)) {
        if (offset === null) continue;
        const page = await redes.getJSON(
          `/api/claims/${encodeURIComponent(key)}/evidence?offset=${offset}&limit=${QUOTES_PAGE}`
        );
        for (const ev of page.evidence) {
          const id = `${ev.document.id}:${ev.start}`;
          if (state.seen.has(id)) continue;
          state.seen.add(id);
          list.append(
            redes.el(
              "li",
              {},
              redes.el("blockquote", { text: ev.quote }),
              redes.el("a", { class: "cite", href: redes.evidenceHref(ev) }, docLabel(ev.document))
            )
          );
        }
        const next = offset + page.evidence.length;
        state.next[key] = next < page.total && page.evidence.length ? next : null;
      }
      if (Object.values(state.next).some((n) => n !== null)) {
        const button = redes.el("button", { type: "button", class: "more-quotes" }, redes.t("more quotes"));
        button.addEventListener("click", () => loadQuotes(details));
        details.append(button);
      }
      details.dataset.loaded = String(state.seen.size);
    } catch (error) {
      details.append(redes.el("p", { class: "meta", text: redes.t("The quotes could not be loaded: {error}", { error: error.message }) }));
    } finally {
      delete details.dataset.loading;
    }
  }

  for (const details of document.querySelectorAll("details.evidence[data-claims]")) {
    details.addEventListener("toggle", () => {
      if (details.open && !details.dataset.loaded) loadQuotes(details);
    });
  }

  // Printing: the browser lays the page out as soon as "beforeprint" returns, so every
  // line's quotes are read in one synchronous request (the dossier with all of them) and
  // every line opened; the print view (/entity/{id}/print) and the PDF need no script.
  function allQuotes() {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", `/api/entities/${encodeURIComponent(slug)}?quotes=10000`, false);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.send();
    if (xhr.status !== 200) throw new Error(`HTTP ${xhr.status}`);
    const byClaims = new Map();
    const d = JSON.parse(xhr.responseText);
    for (const lines of [...Object.values(d.relations), ...Object.values(d.attributes)]) {
      for (const line of lines) byClaims.set(line.claims.map((c) => c.key).join(" "), line.evidence);
    }
    return byClaims;
  }

  window.addEventListener("beforeprint", () => {
    const waiting = document.querySelectorAll("details.evidence[data-claims]:not([data-complete])");
    if (waiting.length) {
      try {
        const byClaims = allQuotes();
        for (const details of waiting) {
          const evidence = byClaims.get(details.dataset.claims);
          if (!evidence) continue;
          for (const old of details.querySelectorAll("ol, button.more-quotes")) old.remove();
          const list = redes.el("ol");
          for (const ev of evidence) {
            list.append(
              redes.el(
                "li",
                {},
                redes.el("blockquote", { text: ev.quote }),
                redes.el("a", { class: "cite", href: redes.evidenceHref(ev) }, `[${ev.source}] ${docLabel(ev.document)}`)
              )
            );
          }
          details.append(list);
          details.dataset.loaded = String(evidence.length);
          details.dataset.complete = "1";
        }
      } catch (error) {
        console.warn("quotes for printing:", error.message);
      }
    }
    for (const details of document.querySelectorAll("details")) details.open = true;
  });

  // An editor refuses a sanctions-list entry merged into this entity: the party comes out
  // at once (POST /api/review/no-xref), and the dossier is read again without it.
  document.getElementById("lists")?.addEventListener("click", async (event) => {
    const button = event.target.closest("button.refuse-listed");
    if (!button) return;
    const message = document.querySelector("#lists .lists-message");
    button.disabled = true;
    try {
      await redes.postJSON("/api/review/no-xref", { entity: slug, listed: button.dataset.listed, source: button.dataset.source });
      window.location.reload();
    } catch (error) {
      button.disabled = false;
      message.className = "lists-message message error";
      message.textContent = redes.t("Could not record the decision: {error}", { error: error.message });
    }
  });

  placesMap().catch((error) => console.warn("places map:", error.message));
  egoNetwork();
})();
