"use strict";
// The network page's link chart: legend, size and colour by a measure, search, expand,
// hide and pin a node, a highlighted path, PNG and SVG export. Built on redesGraph.
const redesLinkChart = (() => {
  // Expanding a hub would bury the chart: at most this many neighbours are added.
  const EXPAND_CAP = 25;

  function swatch(color) {
    const box = redes.el("span", { class: "sw" });
    box.style.background = color; // CSSOM, not a style attribute: allowed by the CSP
    return box;
  }

  function legend(target, cy, communities, by) {
    const items = [];
    if (by === "community") {
      const counts = new Map();
      cy.nodes().forEach((n) => counts.set(n.data("community"), (counts.get(n.data("community")) || 0) + 1));
      const shown = communities.filter((c) => counts.has(c.id) && c.id < redesGraph.COMMUNITY_COLORS.length);
      for (const c of shown) {
        items.push(redes.el("li", { "data-community": c.id }, swatch(redesGraph.communityColor(c.id)), `${redesGraph.communityName(c.id)} · ${c.label} (${redes.number(counts.get(c.id))})`));
      }
      const rest = [...counts.entries()].filter(([id]) => id >= redesGraph.COMMUNITY_COLORS.length);
      if (rest.length) {
        const size = rest.reduce((sum, [, n]) => sum + n, 0);
        items.push(redes.el("li", {}, swatch(redesGraph.OTHER_COMMUNITY), redes.tn("{n} smaller group ({size})", "{n} smaller groups ({size})", rest.length, { size: redes.number(size) })));
      }
    } else {
      const counts = new Map();
      cy.nodes().forEach((n) => counts.set(n.data("type"), (counts.get(n.data("type")) || 0) + 1));
      for (const [type, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
        items.push(redes.el("li", { "data-type": type }, swatch(redes.typeColor(type)), `${redes.label(type)} (${redes.number(n)})`));
      }
    }
    const leaderMark = redes.el("span", { class: "sw leader-mark" });
    target.replaceChildren(
      redes.el("ul", {}, ...items),
      redes.el("p", { class: "meta" }, leaderMark, redes.t("thick outline: a leader · node size: "), redes.el("b", { id: "legend-size" }), redes.t(" · edge width: documents behind the tie")),
    );
  }

  function download(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  function create(container, data, options) {
    const state = { sizeBy: options.sizeBy || "degree", colorBy: options.colorBy || "type", hidden: [] };
    const cy = redesGraph.draw(container, data, { sizeBy: state.sizeBy, colorBy: state.colorBy, separate: true });
    // Labels are sized for the zoom the chart opens at; zooming to a path stops where the
    // top labels would pass 20 px.
    const pathZoom = (cy.zoom() * 20) / 13;
    const legendBox = options.legend;

    function showLegend() {
      legend(legendBox, cy, data.communities || [], state.colorBy);
      legendBox.querySelector("#legend-size").textContent = redes.label(state.sizeBy);
    }
    showLegend();

    function relabel() {
      redesGraph.sizeLabels(cy, state.sizeBy);
      redesGraph.separate(cy, redesGraph.ranked(cy, state.sizeBy).slice(0, redesGraph.LABEL_RANKS[0]));
    }

    const chart = {
      cy,
      setSize(measure) {
        state.sizeBy = measure;
        redesGraph.sizeBy(cy, measure);
        relabel();
        showLegend();
      },
      setColour(by) {
        state.colorBy = by;
        redesGraph.colourBy(cy, by);
        showLegend();
      },
      fitAll() {
        cy.fit(cy.elements(":visible"), 30);
      },
      // Select the node named ``query`` (exactly, else the best ranked that contains it)
      // and centre the view on it.
      find(query) {
        const wanted = String(query || "").trim().toLocaleLowerCase();
        if (!wanted) return null;
        const all = redesGraph.ranked(cy, state.sizeBy);
        const node = all.find((n) => String(n.data("name")).toLocaleLowerCase() === wanted) || all.find((n) => String(n.data("name")).toLocaleLowerCase().includes(wanted));
        if (!node) return null;
        cy.elements().unselect();
        node.select();
        // Centred on the node itself (cy.center would take its label's box too).
        const zoom = Math.max(cy.zoom(), 1.2);
        const p = node.position();
        cy.viewport({ zoom, pan: { x: cy.width() / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom } });
        return node;
      },
      hide(node) {
        state.hidden.push(cy.remove(node.union(node.connectedEdges())));
        return state.hidden.length;
      },
      showHidden() {
        for (const removed of state.hidden.reverse()) removed.restore();
        state.hidden = [];
      },
      hiddenCount: () => state.hidden.length,
      // A pinned node stays where it is: it cannot be dragged, and the layout arranges
      // the others around it when it runs again.
      togglePin(node) {
        if (node.hasClass("pinned")) {
          node.removeClass("pinned").unlock();
          return false;
        }
        node.addClass("pinned").lock();
        return true;
      },
      relayout() {
        const pinned = cy.nodes(".pinned");
        const options = redesGraph.layoutOptions(cy.nodes().length, {});
        if (options.name === "fcose") {
          options.randomize = false;
          options.fixedNodeConstraint = pinned.map((n) => ({ nodeId: n.id(), position: { ...n.position() } }));
        }
        cy.elements(":visible").layout(options).run();
        relabel();
      },
      // Add the node's neighbours of every type and by every relation (places it
      // operates in, agencies acting against it...) under the page's corroboration and
      // date filters: at most EXPAND_CAP, best connected first, in a ring around it.
      async expand(node, params, everything) {
        const query = new URLSearchParams({ types: everything.types.join(","), relations: everything.relations.join(",") });
        for (const name of ["min_corroboration", "as_of", "collections"]) if (params.get(name)) query.set(name, params.get(name));
        query.set("limit", String(EXPAND_CAP));
        const ego = await redes.getJSON(`/api/graph/ego/${encodeURIComponent(node.data("slug"))}?${query}`);
        const fresh = ego.nodes.filter((n) => n.distance === 1 && cy.getElementById(String(n.id)).empty());
        const centre = node.position();
        const radius = 60 + 8 * fresh.length;
        const added = cy.add(
          fresh.map((n, i) => ({
            group: "nodes",
            data: redesGraph.nodeData({ ...n, community: -1 }, { colorBy: "type" }),
            classes: "expanded",
            position: { x: centre.x + radius * Math.cos((2 * Math.PI * i) / Math.max(1, fresh.length)), y: centre.y + radius * Math.sin((2 * Math.PI * i) / Math.max(1, fresh.length)) },
          })),
        );
        added.forEach((n) => n.data("color", redes.typeColor(n.data("type"))));
        let edges = 0;
        for (const e of ego.edges) {
          const [a, b] = [String(e.source), String(e.target)];
          if (cy.getElementById(a).empty() || cy.getElementById(b).empty()) continue;
          if (cy.getElementById(a).edgesWith(cy.getElementById(b)).nonempty()) continue;
          cy.add({ group: "edges", data: redesGraph.edgeData(e, `x${a}-${b}`) });
          edges += 1;
        }
        redesGraph.sizeBy(cy, state.sizeBy);
        relabel();
        showLegend();
        return { added: added.length, edges, total: ego.total, capped: ego.total > EXPAND_CAP };
      },
      // Strongly mark one path ({hops: [{from, to}]}), select it, and fit the view to it.
      showPath(path) {
        cy.elements().removeClass("path").unselect();
        let marked = cy.collection();
        for (const hop of path.hops) {
          const a = cy.getElementById(String(hop.from.id));
          const b = cy.getElementById(String(hop.to.id));
          marked = marked.union(a).union(b).union(a.edgesWith(b));
        }
        if (marked.empty()) return marked;
        cy.elements().addClass("faded");
        marked.removeClass("faded").addClass("path").select();
        redesGraph.separate(cy, marked.nodes().toArray()); // every path label, apart
        cy.fit(marked, 60);
        if (cy.zoom() > pathZoom) {
          cy.zoom(pathZoom);
          cy.center(marked);
        }
        return marked;
      },
      clearMarks() {
        cy.elements().removeClass("faded path state-tie");
      },
      exportPNG() {
        download(cy.png({ output: "blob", full: true, scale: 2, maxWidth: 8000, maxHeight: 8000, bg: "#ffffff" }), "redes-network.png");
      },
      exportSVG() {
        download(new Blob([toSVG(cy)], { type: "image/svg+xml" }), "redes-network.svg");
      },
    };
    return chart;
  }

  // The chart as an SVG drawing (what is shown: edges as lines, nodes as circles in their
  // colours, the labels drawn on screen), written from the model rather than with a
  // plug-in: the one SVG plug-in for Cytoscape is GPL-3.0, and redes is MIT.
  const XML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
  const xml = (text) => String(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
  const num = (x) => Math.round(x * 10) / 10;

  function toSVG(cy) {
    const shown = cy.elements(":visible");
    const box = shown.boundingBox({ includeLabels: true });
    const pad = 20;
    const parts = [];
    const opacity = (el) => (el.hasClass("faded") ? 0.12 : 1);
    shown.edges().forEach((e) => {
      const [a, b] = [e.source().position(), e.target().position()];
      const colour = e.hasClass("path") ? "#d95f02" : e.hasClass("state-tie") ? "#1a9850" : "#b9b9b9";
      const width = e.hasClass("path") ? 8 : Number(e.data("width")) || 1;
      parts.push(
        `<line x1="${num(a.x)}" y1="${num(a.y)}" x2="${num(b.x)}" y2="${num(b.y)}" stroke="${colour}" ` +
          `stroke-width="${num(width)}" opacity="${opacity(e) * 0.8}"/>`,
      );
    });
    shown.nodes().forEach((n) => {
      const p = n.position();
      const r = n.width() / 2;
      const border = n.hasClass("path") ? ' stroke="#d95f02" stroke-width="5"' : "";
      parts.push(
        `<circle cx="${num(p.x)}" cy="${num(p.y)}" r="${num(r)}" fill="${xml(n.data("color") || "#888")}"` +
          `${border} opacity="${opacity(n)}"><title>${xml(n.data("name"))}</title></circle>`,
      );
      const label = n.style("label");
      if (label && n.style("display") !== "none") {
        const size = parseFloat(n.style("font-size")) || 10;
        parts.push(
          `<text x="${num(p.x)}" y="${num(p.y + r + size)}" font-size="${num(size)}" text-anchor="middle" ` +
            `font-family="sans-serif" opacity="${opacity(n)}">${xml(label)}</text>`,
        );
      }
    });
    const [x, y, w, h] = [box.x1 - pad, box.y1 - pad, box.w + 2 * pad, box.h + 2 * pad].map(num);
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x} ${y} ${w} ${h}" width="${w}" height="${h}">` +
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#ffffff"/>${parts.join("")}</svg>\n`
    );
  }

  return { create, EXPAND_CAP };
})();
