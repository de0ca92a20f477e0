"use strict";
// The network explorer: the relation graph under filters (by default the criminal
// network; state bodies and officials one switch away), its communities, the brokers
// between them, the state–crime ties, and shortest paths with the evidence for every hop.
(() => {
  const form = document.getElementById("graph-filters");
  const status = document.getElementById("graph-status");
  const container = document.getElementById("graph");
  const info = document.getElementById("node-info");
  const url = new URL(window.location.href);
  let chart = null;

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
    form.elements.state.checked = p.get("state") === "true";
    form.elements.lists.checked = p.get("lists") === "true";
    for (const [name, id] of [["size", "size-by"], ["colour", "colour-by"]]) {
      const select = document.getElementById(id);
      if (p.get(name) && [...select.options].some((o) => o.value === p.get(name))) select.value = p.get(name);
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
    if (form.elements.state.checked) params.set("state", "true");
    if (form.elements.lists.checked) params.set("lists", "true");
    return params;
  }

  function go(params) {
    for (const [name, id] of [["size", "size-by"], ["colour", "colour-by"]]) {
      const value = document.getElementById(id).value;
      if (value !== document.getElementById(id).options[0].value) params.set(name, value);
    }
    window.location.assign(`/network?${params}`);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = filterParams();
    const community = form.elements.community.value;
    if (community) params.set("community", community);
    go(params);
  });
  // The view switch applies at once: it is the page's main choice.
  form.elements.state.addEventListener("change", () => form.requestSubmit());
  form.elements.lists.addEventListener("change", () => form.requestSubmit());

  function button(text, action, attrs = {}) {
    const b = redes.el("button", { type: "button", ...attrs, text });
    b.addEventListener("click", action);
    return b;
  }

  function showNode(node) {
    const cy = chart.cy;
    const d = node.data();
    const group = d.community >= 0 ? `${redesGraph.communityName(d.community)} · ` : "";
    const note = redes.el("p", { class: "meta node-note" });
    info.replaceChildren(
      redes.el("h3", {}, redes.el("a", { href: redes.entityHref(d.slug), text: d.name })),
      redes.el("p", { class: "meta", text: redes.t("{type} · {group}{ties}", { type: redes.label(d.type), group, ties: redes.tn("{n} tie shown", "{n} ties shown", node.degree()) }) }),
      redes.el(
        "p",
        { class: "node-actions" },
        button(redes.t("Expand"), async () => {
          note.textContent = redes.t("Expanding…");
          try {
            const every = (name) => [...form.querySelectorAll(`input[name="${name}"]`)].map((b) => b.value);
            const r = await chart.expand(node, filterParams(), { types: every("types"), relations: every("relations") });
            note.textContent =
              redes.t("Added {nodes} and {ties}", { nodes: redes.tn("{n} node", "{n} nodes", r.added), ties: redes.tn("{n} tie", "{n} ties", r.edges) }) +
              (r.capped ? redes.t(" (the {cap} best connected of {total} neighbours)", { cap: redes.number(redesLinkChart.EXPAND_CAP), total: redes.number(r.total) }) : "");
            container.dataset.expanded = String(Number(container.dataset.expanded || 0) + r.added);
            container.dataset.nodes = String(cy.nodes().length);
            showNode(node);
            info.querySelector(".node-note").textContent = note.textContent;
          } catch (error) {
            note.textContent = redes.t("Could not expand: {error}", { error: error.message });
          }
        }, { class: "expand" }),
        button(node.hasClass("pinned") ? redes.t("Unpin") : redes.t("Pin"), () => {
          chart.togglePin(node);
          showNode(node);
        }, { class: "pin" }),
        button(redes.t("Hide"), () => {
          chart.hide(node);
          updateHidden();
          cy.elements().removeClass("faded");
          info.replaceChildren(redes.el("p", { class: "meta", text: redes.t("{name} is hidden.", { name: d.name }) }));
        }, { class: "hide" }),
        button(redes.t("Path from here"), () => (document.querySelector("#path-form input[name=a]").value = d.name)),
        button(redes.t("Path to here"), () => (document.querySelector("#path-form input[name=b]").value = d.name)),
      ),
      note,
      redes.el(
        "ul",
        { class: "neighbours" },
        ...node.connectedEdges().map((edge) => {
          const other = edge.source().id() === d.id ? edge.target() : edge.source();
          return redes.el(
            "li",
            {},
            redes.el("a", { href: redes.entityHref(other.data("slug")), text: other.data("name") }),
            ` — ${edge.data("relations").split(", ").map(redes.label).join(", ")} (${redes.tn("{n} doc", "{n} docs", edge.data("weight"))})`,
          );
        }),
      ),
    );
    cy.elements().removeClass("path").addClass("faded");
    node.closedNeighborhood().removeClass("faded");
  }

  function updateHidden() {
    const b = document.getElementById("show-hidden");
    const n = chart ? chart.hiddenCount() : 0;
    b.disabled = n === 0;
    b.textContent = n ? redes.t("Show hidden ({n})", { n: redes.number(n) }) : redes.t("Show hidden");
  }

  function tools() {
    document.getElementById("size-by").addEventListener("change", (e) => chart.setSize(e.target.value));
    document.getElementById("colour-by").addEventListener("change", (e) => chart.setColour(e.target.value));
    document.getElementById("fit-all").addEventListener("click", () => chart.fitAll());
    document.getElementById("relayout").addEventListener("click", () => chart.relayout());
    document.getElementById("show-hidden").addEventListener("click", () => {
      chart.showHidden();
      updateHidden();
    });
    document.getElementById("export-png").addEventListener("click", () => chart.exportPNG());
    document.getElementById("export-svg").addEventListener("click", () => chart.exportSVG());
    document.getElementById("find-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const node = chart.find(event.target.elements.q.value);
      if (node) showNode(node);
      else info.replaceChildren(redes.el("p", { class: "empty", text: redes.t("No node of that name in the chart.") }));
    });
  }

  async function loadGraph() {
    const params = filterParams();
    const community = url.searchParams.get("community");
    if (community) params.set("community", community);
    const data = await redes.getJSON(`/api/graph?${params}`);
    const select = form.elements.community;
    for (const c of data.communities) {
      select.append(redes.el("option", { value: c.id, text: `${redesGraph.communityName(c.id)}: ${c.label} (${redes.number(c.size)})` }));
    }
    if (community) select.value = community;
    const names = document.getElementById("node-names");
    names.replaceChildren(...data.nodes.map((n) => redes.el("option", { value: n.name })));
    const view = form.elements.state.checked ? redes.t("people, groups, state bodies and officials") : redes.t("the criminal network (people and groups)");
    // Modularity to two decimals: six say nothing more to a reader.
    status.textContent =
      redes.t("{view}: {nodes}, {edges}, {communities} (modularity {modularity})", {
        view,
        nodes: redes.tn("{n} node", "{n} nodes", data.nodes.length),
        edges: redes.tn("{n} edge", "{n} edges", data.edges.length),
        communities: redes.tn("{n} community", "{n} communities", data.communities.length),
        modularity: redes.number(data.modularity || 0, 2),
      }) + (data.truncated ? redes.t("; only the best-connected nodes are drawn") : "");
    if (!data.nodes.length) {
      container.dataset.nodes = "0";
      return;
    }
    chart = redesLinkChart.create(container, data, {
      sizeBy: document.getElementById("size-by").value,
      colorBy: document.getElementById("colour-by").value,
      legend: document.getElementById("legend"),
    });
    const cy = chart.cy;
    cy.on("tap", "node", (event) => showNode(event.target));
    cy.on("tap", (event) => {
      if (event.target === cy) chart.clearMarks();
    });
    tools();
    focus(cy);
    container.dataset.nodes = String(data.nodes.length);
    container.dataset.ready = "true";
  }

  // ``focus``: the slugs a saved investigation opens the chart on; selected and fitted.
  function focus(cy) {
    const wanted = new Set((url.searchParams.get("focus") || "").split(",").filter(Boolean));
    if (!wanted.size) return;
    const found = cy.nodes().filter((n) => wanted.has(n.data("slug")));
    if (found.empty()) return;
    found.select();
    cy.fit(found.closedNeighborhood(), 60);
    if (cy.zoom() > 2) {
      cy.zoom(2);
      cy.center(found);
    }
    redesGraph.showReadable(cy);
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
          redes.el("td", { text: redes.number(b.betweenness, 3) }),
          redes.el("td", { text: redes.number(b.participation, 2) }),
          redes.el("td", { text: redes.number(b.communities_reached) }),
          redes.el("td", { text: b.ties.join("; ") }),
        ),
      ),
    );
    if (!data.brokers.length) body.append(redes.el("tr", {}, redes.el("td", { colspan: 6, class: "empty", text: redes.t("No brokers.") })));
  }

  function cite(ev) {
    return redes.el("a", { class: "cite", href: redes.evidenceHref(ev), text: ev.document.title || ev.document.file_name });
  }

  async function loadStateCrime() {
    const body = document.querySelector("#state-crime tbody");
    const data = await redes.getJSON(`/api/graph/state-crime?${filterParams()}`);
    body.replaceChildren(
      ...data.ties.map((t) => {
        const ev = t.claims.flatMap((c) => c.evidence)[0];
        const row = redes.el(
          "tr",
          { "data-state": t.state.id, "data-crime": t.crime.id },
          redes.el("td", {}, redes.el("a", { href: redes.entityHref(t.state.slug), text: t.state.name })),
          redes.el("td", { text: t.state.kind === "official" ? t.state.positions.join("; ") : redes.label(t.state.type) }),
          redes.el("td", { text: t.relations.map(redes.label).join(", ") }),
          redes.el("td", {}, redes.el("a", { href: redes.entityHref(t.crime.slug), text: t.crime.name })),
          redes.el("td", { text: t.corroboration }),
          redes.el("td", {}, ev ? redes.el("blockquote", {}, ev.quote, " ", cite(ev)) : ""),
        );
        return row;
      }),
    );
    document.getElementById("state-crime").dataset.ties = String(data.ties.length);
    if (!data.ties.length) {
      body.append(redes.el("tr", {}, redes.el("td", { colspan: 6, class: "empty", text: redes.t("No official or state body is tied to a criminal group under these filters.") })));
    }
    document.getElementById("state-hint").textContent = form.elements.state.checked
      ? redes.t("Their ties are drawn dashed green in the chart.")
      : redes.t("Tick “state bodies and officials” to draw them in the chart.");
    if (chart) {
      for (const t of data.ties) {
        const a = chart.cy.getElementById(String(t.state.id));
        const b = chart.cy.getElementById(String(t.crime.id));
        a.edgesWith(b).addClass("state-tie");
      }
    }
  }

  function hopView(hop) {
    const item = redes.el(
      "li",
      {},
      redes.el("a", { href: redes.entityHref(hop.from.slug), text: hop.from.name }),
      ` — ${hop.relations.map(redes.label).join(", ")} (${redes.tn("{n} doc", "{n} docs", hop.corroboration)}) — `,
      redes.el("a", { href: redes.entityHref(hop.to.slug), text: hop.to.name }),
    );
    for (const claim of hop.claims || []) {
      for (const ev of claim.evidence || []) {
        item.append(redes.el("blockquote", {}, ev.quote, " ", cite(ev)));
      }
    }
    return item;
  }

  function markPath(path, i) {
    if (!chart) return;
    const marked = chart.showPath(path);
    container.dataset.path = String(i + 1);
    container.dataset.pathElements = String(marked.length);
    document.querySelectorAll("#paths .path").forEach((box, j) => box.classList.toggle("shown", j === i));
  }

  document.getElementById("path-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = document.getElementById("paths");
    const f = event.target.elements;
    const params = filterParams();
    params.set("a", f.a.value);
    params.set("b", f.b.value);
    params.set("k", f.k.value || "3");
    out.replaceChildren(redes.el("p", { class: "meta", text: redes.t("Searching…") }));
    try {
      const data = await redes.getJSON(`/api/graph/path?${params}`);
      if (!data.paths.length) {
        out.replaceChildren(redes.el("p", { class: "empty", text: redes.t("No path between them under these filters.") }));
        return;
      }
      out.replaceChildren(
        ...data.paths.map((path, i) => {
          const show = button(redes.t("Show in chart"), () => markPath(path, i), { class: "show-path" });
          return redes.el(
            "div",
            { class: "path" },
            redes.el("h4", {}, redes.t("Path {i}: {hops}", { i: redes.number(i + 1), hops: redes.tn("{n} hop", "{n} hops", path.length) }) + " ", show),
            redes.el("ol", {}, ...path.hops.map(hopView)),
          );
        }),
      );
      markPath(data.paths[0], 0);
    } catch (error) {
      out.replaceChildren(redes.el("p", { class: "error", text: error.message }));
    }
  });

  restoreForm();
  loadGraph()
    .catch((error) => (status.textContent = redes.t("The graph could not be loaded: {error}", { error: error.message })))
    .then(() => loadStateCrime())
    .catch((error) => console.warn("state–crime ties:", error.message));
  loadBrokers().catch((error) => console.warn("brokers:", error.message));
})();
