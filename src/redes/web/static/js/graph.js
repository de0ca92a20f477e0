"use strict";
// Link charts with Cytoscape.js: node colour by entity type or community, size by a
// centrality measure, edge width by corroboration. Labels are drawn on a canvas, so
// names can never become markup. Used by the network page and the dossier's ego chart.
const redesGraph = (() => {
  // ColorBrewer Set1 + Dark2: distinct hues for the largest communities; the rest grey.
  const COMMUNITY_COLORS = [
    "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628",
    "#f781bf", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
  ];
  const OTHER_COMMUNITY = "#bdbdbd";
  // Rendered label sizes (px at the zoom they are set for). Below MIN_LABEL_PX a label is
  // not drawn: the top nodes are labelled at once, the next ones as the analyst zooms in,
  // the rest closer still. (Cytoscape's min-zoomed-font-size rounds the zoom up to a
  // power of two, which would draw 5 px labels at a zoom of 0.55.)
  const MIN_LABEL_PX = 10;
  const LABEL_PX = [13, 9, 6];
  const LABEL_RANKS = [20, 50];

  function registered(type, name) {
    try {
      return Boolean(cytoscape(type, name));
    } catch (_) {
      return false;
    }
  }

  // The extensions are loaded by the pages that use them (the network page).
  if (typeof cytoscape !== "undefined") {
    if (window.cytoscapeFcose && !registered("layout", "fcose")) cytoscape.use(window.cytoscapeFcose);
    if (window.cytoscapeSvg && !registered("core", "svg")) cytoscape.use(window.cytoscapeSvg);
  }

  const communityName = (id) => redes.t("Group {n}", { n: redes.number(Number(id) + 1) });
  const communityColor = (id) => (id < COMMUNITY_COLORS.length ? COMMUNITY_COLORS[id] : OTHER_COMMUNITY);

  function style() {
    return [
      {
        selector: "node",
        style: {
          label: "data(name)",
          "background-color": "data(color)",
          width: "data(size)",
          height: "data(size)",
          "font-size": "data(font)",
          "text-valign": "bottom",
          "text-margin-y": 2,
          "text-wrap": "wrap",
          "text-max-width": "data(wrap)",
          color: "#1a1a1a",
          "text-outline-color": "#fff",
          "text-outline-width": 2,
          "border-width": "data(border)",
          "border-color": "#111",
        },
      },
      { selector: "node.unlabelled", style: { label: "" } },
      { selector: "node.focus", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "node.pinned", style: { "border-width": 3, "border-style": "dashed", "border-color": "#444" } },
      { selector: "node.expanded", style: { "border-width": 2, "border-style": "dotted", "border-color": "#444" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0b400" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#b9b9b9", "curve-style": "bezier", opacity: 0.8 } },
      { selector: "edge.state-tie", style: { "line-color": "#1a9850", "line-style": "dashed", width: 4, opacity: 1 } },
      { selector: ".faded", style: { opacity: 0.12 } },
      {
        selector: "node.path",
        style: { label: "data(name)", "border-width": 5, "border-color": "#d95f02", "z-index": 20, opacity: 1 },
      },
      {
        selector: "edge.path",
        style: { width: 8, "line-color": "#d95f02", opacity: 1, "z-index": 20, "target-arrow-shape": "none" },
      },
    ];
  }

  function color(n, by) {
    return by === "community" ? communityColor(n.community || 0) : redes.typeColor(n.type);
  }

  function nodeData(n, options = {}) {
    return {
      id: String(n.id),
      slug: n.slug,
      name: n.name,
      type: n.type,
      community: n.community,
      degree: n.degree || 0,
      betweenness: n.betweenness || 0,
      pagerank: n.pagerank || 0,
      eigenvector: n.eigenvector || 0,
      leader: Boolean(n.leader),
      color: color(n, options.colorBy || "type"),
      size: 10 + Math.min(30, 3 * Math.sqrt(n.degree || 1)),
      border: n.leader ? 2 : 0,
      font: 11,
      wrap: 160,
    };
  }

  function edgeData(e, id) {
    const relations = Array.isArray(e.relations) ? e.relations : [];
    return {
      id,
      source: String(e.source),
      target: String(e.target),
      weight: e.weight || 1,
      relations: relations.join(", "),
      width: Math.min(8, 1 + (e.weight || 1)),
    };
  }

  function elements(data, options = {}) {
    const nodes = data.nodes.map((n) => ({
      data: nodeData(n, options),
      classes: String(n.id) === options.focus ? "focus" : "",
    }));
    const edges = data.edges.map((e, i) => ({ data: edgeData(e, `e${i}`) }));
    return [...nodes, ...edges];
  }

  // fCoSE when vendored (the network page), cose otherwise; concentric around a focus.
  function layoutOptions(count, options = {}) {
    if (options.focus) {
      return { name: "concentric", concentric: (n) => (n.id() === options.focus ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 60, spacingFactor: 1.6, animate: false, padding: 40 };
    }
    if (registered("layout", "fcose")) {
      return {
        name: "fcose",
        quality: count > 600 ? "draft" : "default",
        randomize: true,
        animate: false,
        nodeDimensionsIncludeLabels: false,
        idealEdgeLength: () => 70,
        nodeRepulsion: () => 9000,
        nodeSeparation: 90,
        gravity: 0.3,
        gravityRange: 3.0,
        numIter: 2500,
        packComponents: true,
        padding: 30,
      };
    }
    return count > 300
      ? { name: "cose", animate: false, numIter: 400, nodeRepulsion: () => 8000 }
      : { name: "cose", animate: false, randomize: true, numIter: 2500, nodeRepulsion: () => 1000000, idealEdgeLength: () => 90, nodeOverlap: 40, gravity: 0.3, padding: 40 };
  }

  // Node size by a measure (square root: a hub with ten times the score is not ten times
  // as wide), relative to the largest score among the nodes drawn.
  function sizeBy(cy, measure) {
    const nodes = cy.nodes();
    const top = Math.max(1e-12, ...nodes.map((n) => n.data(measure) || 0));
    nodes.forEach((n) => n.data("size", 12 + 38 * Math.sqrt((n.data(measure) || 0) / top)));
  }

  function colourBy(cy, by) {
    cy.nodes().forEach((n) => n.data("color", color(n.data(), by)));
  }

  // The nodes by ``measure``, best first (ties by name, so the order repeats).
  function ranked(cy, measure) {
    return cy
      .nodes()
      .toArray()
      .sort((a, b) => (b.data(measure) || 0) - (a.data(measure) || 0) || String(a.data("name")).localeCompare(String(b.data("name"))));
  }

  // Label sizes for the current zoom: the top LABEL_RANKS[0] nodes readable now, the next
  // ones once zoomed in a little, the rest once zoomed in more.
  function sizeLabels(cy, measure) {
    const zoom = cy.zoom();
    ranked(cy, measure).forEach((n, i) => {
      const tier = i < LABEL_RANKS[0] ? 0 : i < LABEL_RANKS[1] ? 1 : 2;
      n.data("font", LABEL_PX[tier] / zoom);
      n.data("wrap", 150 / zoom);
    });
    showReadable(cy);
  }

  // Hide the labels too small to read at the current zoom, show the others.
  function showReadable(cy) {
    const zoom = cy.zoom();
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const small = n.data("font") * zoom < MIN_LABEL_PX - 0.01;
        if (small !== n.hasClass("unlabelled")) n.toggleClass("unlabelled", small);
      });
    });
  }

  function overlaps(a, b, gap) {
    return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
  }

  // Push apart any two of ``nodes`` whose boxes on screen (node and label) overlap, each
  // half the overlap along the axis that parts them soonest and away from the other's
  // centre (all of it for the free one when the other is pinned), until none overlaps.
  function separate(cy, nodes, rounds = 200) {
    const gap = 3;
    const box = (n) => n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
    for (let round = 0; round < rounds; round++) {
      let moved = false;
      const boxes = nodes.map(box);
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = boxes[i], b = boxes[j];
          if (!overlaps(a, b, gap)) continue;
          const [na, nb] = [nodes[i], nodes[j]];
          if (na.locked() && nb.locked()) continue;
          const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + gap;
          const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + gap;
          const horizontal = dx < dy;
          const along = horizontal ? (b.x1 + b.x2) - (a.x1 + a.x2) : (b.y1 + b.y2) - (a.y1 + a.y2);
          const sign = along > 0 ? 1 : along < 0 ? -1 : (i % 2 ? 1 : -1);
          const total = ((horizontal ? dx : dy) + 0.5) / cy.zoom();
          const shareA = na.locked() ? 0 : nb.locked() ? 1 : 0.5;
          const shift = (n, amount) => {
            const p = n.position();
            n.position(horizontal ? { x: p.x + amount, y: p.y } : { x: p.x, y: p.y + amount });
          };
          if (shareA) shift(na, -sign * total * shareA);
          if (shareA < 1) shift(nb, sign * total * (1 - shareA));
          boxes[i] = box(na);
          boxes[j] = box(nb);
          moved = true;
        }
      }
      if (!moved) return round;
    }
    return rounds;
  }

  // Draw ``data`` ({nodes, edges}) in ``container``. Options: ``focus`` (a node id: a
  // concentric ego chart), ``colorBy`` (type or community), ``sizeBy`` (a measure the
  // nodes carry), ``separate`` (part the top nodes' labels), ``tapOpens`` (a tap, not a
  // double tap, opens the dossier).
  function draw(container, data, options = {}) {
    const cy = cytoscape({ container, elements: elements(data, options), style: style(), minZoom: 0.05, maxZoom: 6 });
    const measure = options.sizeBy || "degree";
    if (options.sizeBy) sizeBy(cy, measure);
    cy.layout(layoutOptions(data.nodes.length, options)).run();
    // A small chart would be blown up to fill its box: keep text at a readable size.
    if (cy.zoom() > 1.3) {
      cy.zoom(1.3);
      cy.center();
    }
    // A wide ego chart is zoomed far out: grow its nodes to stay visible (they are far
    // apart on their rings, so they do not collide).
    if (options.focus && cy.zoom() < 0.8) {
      const grow = 0.8 / cy.zoom();
      cy.nodes().forEach((n) => n.data("size", n.data("size") * grow));
    }
    sizeLabels(cy, measure);
    if (options.separate || options.focus) {
      separate(cy, ranked(cy, measure).slice(0, LABEL_RANKS[0]));
      // Parting labels may push nodes out of view: fit again, zooming out by at most a
      // fifth (labels are sized in model units: 13 px stay above 10 px, and stay apart).
      const zoom = cy.zoom();
      const box = cy.elements().renderedBoundingBox();
      if (box.x1 < 0 || box.y1 < 0 || box.x2 > cy.width() || box.y2 > cy.height()) {
        cy.fit(undefined, 20);
        if (cy.zoom() < 0.8 * zoom) {
          cy.zoom(0.8 * zoom);
          cy.center();
        }
        showReadable(cy);
      }
    }
    let pending = false;
    cy.on("zoom", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        showReadable(cy);
      });
    });
    cy.on(options.tapOpens ? "tap" : "dbltap", "node", (event) => {
      window.location.assign(redes.entityHref(event.target.data("slug")));
    });
    return cy;
  }

  return {
    draw,
    nodeData,
    edgeData,
    layoutOptions,
    sizeBy,
    colourBy,
    sizeLabels,
    showReadable,
    ranked,
    separate,
    communityName,
    communityColor,
    COMMUNITY_COLORS,
    OTHER_COMMUNITY,
    MIN_LABEL_PX,
    LABEL_RANKS,
  };
})();
