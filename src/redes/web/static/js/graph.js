"use strict";
// Link charts with Cytoscape.js: node colour by entity type, size by degree, edge width
// by corroboration. Labels are drawn on a canvas, so names can never become markup.
const redesGraph = (() => {
  const COMMUNITY_COLORS = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999"];

  function style() {
    return [
      {
        selector: "node",
        style: {
          label: "data(name)",
          "background-color": "data(color)",
          width: "data(size)",
          height: "data(size)",
          "font-size": 9,
          "text-valign": "bottom",
          "text-margin-y": 2,
          color: "#222",
          "text-outline-color": "#fff",
          "text-outline-width": 1.5,
          "border-width": "data(border)",
          "border-color": "#111",
        },
      },
      { selector: "node.focus", style: { "border-width": 3, "border-color": "#000", "font-weight": "bold" } },
      { selector: "node.path, edge.path", style: { "line-color": "#d95f02", "background-color": "#d95f02" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#b9b9b9", "curve-style": "bezier", opacity: 0.8 } },
      { selector: ".faded", style: { opacity: 0.15 } },
    ];
  }

  function elements(data, options = {}) {
    const by = options.colorBy || "type";
    const nodes = data.nodes.map((n) => ({
      data: {
        id: String(n.id),
        slug: n.slug,
        name: n.name,
        type: n.type,
        community: n.community,
        degree: n.degree || 0,
        color: by === "community" ? COMMUNITY_COLORS[(n.community || 0) % COMMUNITY_COLORS.length] : redes.typeColor(n.type),
        size: 10 + Math.min(30, 3 * Math.sqrt(n.degree || 1)),
        border: n.leader ? 2 : 0,
      },
      classes: String(n.id) === options.focus ? "focus" : "",
    }));
    const edges = data.edges.map((e, i) => ({
      data: {
        id: `e${i}`,
        source: String(e.source),
        target: String(e.target),
        weight: e.weight || 1,
        relations: (e.relations || []).join(", "),
        width: Math.min(8, 1 + (e.weight || 1)),
      },
    }));
    return [...nodes, ...edges];
  }

  function draw(container, data, options = {}) {
    const big = data.nodes.length > 300;
    const cy = cytoscape({
      container,
      elements: elements(data, options),
      style: style(),
      minZoom: 0.05,
      maxZoom: 4,
      layout: big
        ? { name: "cose", animate: false, numIter: 400, nodeRepulsion: () => 8000 }
        : options.focus
          ? { name: "concentric", concentric: (n) => (n.id() === options.focus ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 60, spacingFactor: 1.6, animate: false, padding: 40 }
          : { name: "cose", animate: false, randomize: true, numIter: 2500, nodeRepulsion: () => 1000000, idealEdgeLength: () => 90, nodeOverlap: 40, gravity: 0.3, padding: 40 },
    });
    // A small chart would be blown up to fill its box: keep text at a readable size.
    if (cy.zoom() > 1.3) {
      cy.zoom(1.3);
      cy.center();
    }
    cy.on(options.tapOpens ? "tap" : "dbltap", "node", (event) => {
      window.location.assign(redes.entityHref(event.target.data("slug")));
    });
    return cy;
  }

  return { draw, COMMUNITY_COLORS };
})();
