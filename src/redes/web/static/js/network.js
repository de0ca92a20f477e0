"use strict";
// The network explorer: the relation graph under filters, its communities, the brokers
// between them, and shortest paths with the evidence for every hop.
(() => {
  const form = document.getElementById("graph-filters");
  const status = document.getElementById("graph-status");
  const container = document.getElementById("graph");
  const info = document.getElementById("node-info");
  const url = new URL(window.location.href);
  let cy = null;

  // The form mirrors the URL, so a filtered view can be bookmarked and shared.
  function restoreForm() {
    const p = url.searchParams;
    for (const name of ["types", "relations"]) {
      const chosen = p.get(name);
      if (chosen === null) continue;
      const wanted = new Set(chosen.split(","));
      form.querySelectorAll(`input[name="${name}"]`).forEach((box) => (box.checked = wanted.has(box.value)));
    }
    for (const name of ["as_of", "min_corroboration"]) {
      if (p.get(name)) form.elements[name].value = p.get(name);
    }
  }

  function filterParams() {
    const params = new URLSearchParams();
    for (const name of ["types", "relations"]) {
      const boxes = [...form.querySelectorAll(`input[name="${name}"]`)];
      const checked = boxes.filter((b) => b.checked).map((b) => b.value);
      if (checked.length) params.set(name, checked.join(","));
    }
    for (const name of ["as_of", "min_corroboration"]) {
      const value = form.elements[name].value;
      if (value) params.set(name, value);
    }
    return params;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = filterParams();
    const community = form.elements.community.value;
    if (community) params.set("community", community);
    window.location.assign(`/network?${params}`);
  });

  function showNode(node) {
    const d = node.data();
    info.replaceChildren(
      redes.el("h3", {}, redes.el("a", { href: redes.entityHref(d.slug), text: d.name })),
      redes.el("p", { class: "meta", text: `${redes.label(d.type)} · community ${d.community} · ${d.degree} ties` }),
      redes.el(
        "ul",
        { class: "neighbours" },
        ...node.connectedEdges().map((edge) => {
          const other = edge.source().id() === d.id ? edge.target() : edge.source();
          return redes.el(
            "li",
            {},
            redes.el("a", { href: redes.entityHref(other.id()), text: other.data("name") }),
            ` — ${redes.label(edge.data("relations"))} (${edge.data("weight")} doc${edge.data("weight") === 1 ? "" : "s"})`,
          );
        }),
      ),
    );
    cy.elements().addClass("faded");
    node.closedNeighborhood().removeClass("faded");
  }

  async function loadGraph() {
    const params = filterParams();
    const community = url.searchParams.get("community");
    if (community) params.set("community", community);
    const data = await redes.getJSON(`/api/graph?${params}`);
    const select = form.elements.community;
    for (const c of data.communities) {
      select.append(redes.el("option", { value: c.id, text: `${c.id}: ${c.label} (${c.size})` }));
    }
    if (community) select.value = community;
    const names = document.getElementById("node-names");
    names.replaceChildren(...data.nodes.map((n) => redes.el("option", { value: n.name })));
    status.textContent =
      `${data.nodes.length} nodes, ${data.edges.length} edges, ${data.communities.length} communities ` +
      `(modularity ${data.modularity})` + (data.truncated ? "; only the best-connected nodes are drawn" : "");
    container.dataset.nodes = String(data.nodes.length);
    if (!data.nodes.length) return;
    cy = redesGraph.draw(container, data, { colorBy: "type" });
    cy.on("tap", "node", (event) => showNode(event.target));
    cy.on("tap", (event) => {
      if (event.target === cy) cy.elements().removeClass("faded");
    });
  }

  async function loadBrokers() {
    const body = document.querySelector("#brokers tbody");
    const data = await redes.getJSON(`/api/graph/brokers?${filterParams()}`);
    body.replaceChildren(
      ...data.brokers.map((b) =>
        redes.el(
          "tr",
          { class: b.state_criminal ? "state-crime" : null },
          redes.el("td", {}, redes.el("a", { href: redes.entityHref(b.slug), text: b.name })),
          redes.el("td", { text: redes.label(b.type) }),
          redes.el("td", { text: b.betweenness.toFixed(3) }),
          redes.el("td", { text: b.participation.toFixed(2) }),
          redes.el("td", { text: b.communities_reached }),
          redes.el("td", { text: b.ties.join("; ") }),
        ),
      ),
    );
    if (!data.brokers.length) body.append(redes.el("tr", {}, redes.el("td", { colspan: 6, class: "empty", text: "No brokers." })));
  }

  function hopView(hop) {
    const item = redes.el(
      "li",
      {},
      redes.el("a", { href: redes.entityHref(hop.from.slug), text: hop.from.name }),
      ` — ${hop.relations.map(redes.label).join(", ")} (${hop.corroboration} doc${hop.corroboration === 1 ? "" : "s"}) — `,
      redes.el("a", { href: redes.entityHref(hop.to.slug), text: hop.to.name }),
    );
    for (const claim of hop.claims || []) {
      for (const ev of claim.evidence || []) {
        item.append(
          redes.el(
            "blockquote",
            {},
            ev.quote,
            " ",
            redes.el("a", { class: "cite", href: redes.evidenceHref(ev), text: ev.document.title || ev.document.file_name }),
          ),
        );
      }
    }
    return item;
  }

  document.getElementById("path-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = document.getElementById("paths");
    const f = event.target.elements;
    const params = filterParams();
    params.set("a", f.a.value);
    params.set("b", f.b.value);
    params.set("k", f.k.value || "3");
    out.replaceChildren(redes.el("p", { class: "meta", text: "Searching…" }));
    try {
      const data = await redes.getJSON(`/api/graph/path?${params}`);
      if (!data.paths.length) {
        out.replaceChildren(redes.el("p", { class: "empty", text: "No path between them under these filters." }));
        return;
      }
      out.replaceChildren(
        ...data.paths.map((path, i) =>
                    redes.el(
            "div",
            { class: "path" },
            redes.el("h4", { text: `Path ${i + 1}: ${path.length} hop${path.length === 1 ? "" : "s"}` }),
            redes.el("ol", {}, ...path.hops.map(hopView)),
          ),
        ),
      );
      if (cy) {
        cy.elements().removeClass("path");
        for (const path of data.paths.slice(0, 1)) {
          for (const hop of path.hops) {
            const ends = new Set([String(hop.from.id), String(hop.to.id)]);
            cy.getElementById(String(hop.from.id)).addClass("path");
            cy.getElementById(String(hop.to.id)).addClass("path");
            cy.edges().filter((e) => ends.has(e.source().id()) && ends.has(e.target().id())).addClass("path");
          }
        }
      }
    } catch (error) {
      out.replaceChildren(redes.el("p", { class: "error", text: error.message }));
    }
  });

  restoreForm();
  loadGraph().catch((error) => (status.textContent = `The graph could not be loaded: ${error.message}`));
  loadBrokers().catch((error) => console.warn("brokers:", error.message));
})();
