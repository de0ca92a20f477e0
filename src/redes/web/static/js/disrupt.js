"use strict";
// Centrality ranking and what-if disruption curves on the network page. Charts are SVG
// built element by element (no chart library, no markup strings).
(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = { degree: "#b2182b", betweenness: "#2166ac", leaders: "#1a9850", random: "#777777" };
  const filters = () => {
    const params = new URLSearchParams(window.location.search);
    params.delete("community");
    return params;
  };

  function svg(tag, attrs = {}, text = null) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== null) node.textContent = String(text);
    return node;
  }

  async function centrality() {
    const by = document.querySelector("#centrality-form select").value;
    const params = filters();
    params.set("by", by);
    params.set("top", "20");
    const rows = await redes.getJSON(`/api/graph/centrality?${params}`);
    const body = document.querySelector("#centrality tbody");
    body.replaceChildren(
      ...rows.map((r) =>
        redes.el(
          "tr",
          {},
          redes.el("td", {}, redes.el("a", { href: redes.entityHref(r.slug), text: r.name })),
          redes.el("td", { text: redes.label(r.type) }),
          redes.el("td", { text: redes.number(r.degree) }),
          redes.el("td", { text: redes.number(r.betweenness, 3) }),
          redes.el("td", { text: redes.number(r.eigenvector, 3) }),
          redes.el("td", { text: redes.number(r.pagerank, 3) }),
        ),
      ),
    );
  }

  const showR = (r) => (r === null || r === undefined ? "–" : redes.number(r, 3));

  // The top of the y axis: the largest value shown, rounded up to a tenth (the largest
  // component is often a fifth of the graph: a 0–1 axis squashes the curves).
  function yTop(result) {
    const values = [result.start.lcc_fraction, ...result.runs.flatMap((r) => r.steps.map((s) => s.lcc_fraction))];
    return Math.min(1, Math.max(0.1, Math.ceil(Math.max(...values) * 10 - 1e-9) / 10));
  }

  function chart(result) {
    const W = 760, H = 260, L = 44, B = 34, T = 10, R = 170;
    const k = Math.max(1, ...result.runs.map((r) => r.steps.length));
    const top = yTop(result);
    const x = (i) => L + ((W - L - R) * i) / k;
    const y = (v) => T + (H - T - B) * (1 - v / top);
    const box = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": redes.t("Disruption curves") });
    for (const v of [0, top / 2, top]) {
      box.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      box.append(svg("text", { class: "tick", x: L - 6, y: y(v) + 4, "text-anchor": "end" }, redes.percent(v)));
    }
    const every = Math.max(1, Math.ceil(k / 10));
    for (let i = 0; i <= k; i += every) {
      box.append(svg("line", { class: "axis", x1: x(i), x2: x(i), y1: H - B, y2: H - B + 4, stroke: "#999" }));
      box.append(svg("text", { class: "tick x-tick", x: x(i), y: H - B + 15, "text-anchor": "middle" }, i));
    }
    box.append(svg("text", { class: "tick", x: (W - R + L) / 2, y: H - 2, "text-anchor": "middle" }, redes.t("nodes removed")));
    result.runs.forEach((run, i) => {
      const points = [[0, result.start.lcc_fraction], ...run.steps.map((s, j) => [j + 1, s.lcc_fraction])];
      const color = COLORS[run.strategy] || "#000";
      box.append(svg("polyline", { points: points.map(([a, b]) => `${x(a)},${y(b)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
      const row = T + 14 + 18 * i;
      box.append(svg("rect", { class: "swatch", x: W - R + 8, y: row - 9, width: 14, height: 10, fill: color }));
      box.append(svg("text", { x: W - R + 28, y: row, class: "tick" }, `${redes.label(run.strategy)}  R=${showR(run.R)}`));
    });
    return box;
  }

  async function disrupt(event) {
    event.preventDefault();
    const form = event.target;
    const out = document.getElementById("disrupt-out");
    const params = filters();
    params.set("strategy", form.elements.strategy.value);
    params.set("k", form.elements.k.value || "10");
    params.set("recover", form.elements.recover.checked ? "true" : "false");
    out.replaceChildren(redes.el("p", { class: "meta", text: redes.t("Running…") }));
    try {
      const result = await redes.getJSON(`/api/graph/disrupt?${params}`);
      const table = redes.el(
        "table",
        { class: "list" },
        redes.el("thead", {}, redes.el("tr", {}, redes.el("th", { text: redes.t("strategy") }), redes.el("th", { text: "R" }), redes.el("th", { text: redes.t("removed, in order") }))),
        redes.el(
          "tbody",
          {},
          ...result.runs.map((run) =>
            redes.el(
              "tr",
              {},
              redes.el("td", { text: redes.label(run.strategy) }),
              redes.el("td", { text: showR(run.R) }),
              redes.el("td", { text: run.steps.map((s) => s.removed).join(" → ") }),
            ),
          ),
        ),
      );
      out.replaceChildren(chart(result), table);
      out.dataset.runs = String(result.runs.length);
    } catch (error) {
      out.replaceChildren(redes.el("p", { class: "error", text: error.message }));
    }
  }

  document.querySelector("#centrality-form select").addEventListener("change", () => centrality().catch(console.warn));
  document.getElementById("disrupt-form").addEventListener("submit", disrupt);
  centrality().catch((error) => console.warn("centrality:", error.message));
})();
