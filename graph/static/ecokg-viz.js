/* ecokg network view. Reads the subgraph from #graph-data (shape: graph/viz.py docstring) and the interface's
   names, colours and caps from #viz-config, and draws it with vis-network. The centre is fixed in the middle; every
   entity is reached from the centre breadth first; the centre shows neighbourCap of the entities it reaches first,
   every other entity a quarter as many, the rest behind a "+N 更多" node, so a hub's neighbours do not bury it. After the first draw it sets
   data-rendered="true" on #network and the visible entity count in #node-count, which headless tests read. */
(function () {
  "use strict";
  var graph = JSON.parse(document.getElementById("graph-data").textContent);
  var config = JSON.parse(document.getElementById("viz-config").textContent);
  var container = document.getElementById("network");
  var details = document.getElementById("details");
  var fontFace = config.fonts.map(function (f) { return '"' + f + '"'; }).join(", ") + ", sans-serif";
  var nodeById = {};
  var edgeById = {};
  graph.nodes.forEach(function (n) { nodeById[n.id] = n; });
  graph.edges.forEach(function (e) { edgeById[e.id] = e; });
  // Evidence names its document by id and file name; the title comes from the documents mentioning the ends.
  var documentTitle = {};
  graph.nodes.forEach(function (n) {
    (n.documents || []).forEach(function (d) { if (d.title) { documentTitle[d.id] = d.title; } });
  });

  function colorOf(type) { return config.typeColors[type] || "#A5ABB6"; }
  function typeName(type) { return config.typeNames[type] || type; }
  function relationName(type) { return config.relationNames[type] || type; }
  function isDirected(type) { return config.undirected.indexOf(type) < 0; }

  // --- who reveals whom: a breadth-first tree from the centre, strongest links first ---
  var neighbours = {};
  graph.nodes.forEach(function (n) { neighbours[n.id] = []; });
  graph.edges.forEach(function (e) {
    if (nodeById[e.source] && nodeById[e.target] && e.source !== e.target) {
      neighbours[e.source].push({ id: e.target, weight: e.evidence.length });
      neighbours[e.target].push({ id: e.source, weight: e.evidence.length });
    }
  });
  function rank(a, b) {
    var na = nodeById[a.id], nb = nodeById[b.id];
    return (b.weight - a.weight) || ((nb.pagerank || 0) - (na.pagerank || 0)) ||
      (neighbours[b.id].length - neighbours[a.id].length) || (na.name < nb.name ? -1 : na.name > nb.name ? 1 : 0);
  }
  var parent = {};
  var children = {};
  var order = [graph.center];
  parent[graph.center] = null;
  for (var i = 0; i < order.length; i++) {
    var id = order[i];
    children[id] = [];
    neighbours[id].slice().sort(rank).forEach(function (nb) {
      if (!(nb.id in parent)) { parent[nb.id] = id; children[id].push(nb.id); order.push(nb.id); }
    });
  }
  // Entities not connected to the centre (cut off by the subgraph's limit) hang off it too, at the end.
  graph.nodes.forEach(function (n) {
    if (!(n.id in parent)) { parent[n.id] = graph.center; children[graph.center].push(n.id); children[n.id] = []; }
  });
  var shownChildren = {};
  order.concat(Object.keys(children)).forEach(function (id) {
    shownChildren[id] = id === graph.center ? config.neighbourCap : Math.ceil(config.neighbourCap / 4);
  });
  var hiddenTypes = {};

  function revealed(id) {
    // shown by its parent, and the parent revealed in turn
    for (var node = id; parent[node] !== null; node = parent[node]) {
      if (children[parent[node]].indexOf(node) >= shownChildren[parent[node]]) { return false; }
    }
    return true;
  }
  function visible(id) {
    if (id.indexOf("more:") === 0) { return moreCount(id.slice(5)) > 0 && visible(id.slice(5)); }
    return revealed(id) && (id === graph.center || !hiddenTypes[nodeById[id].type]);
  }
  function moreCount(id) { return Math.max(children[id].length - shownChildren[id], 0); }
  function moreLabel(id) { return "+" + moreCount(id) + " 更多"; }

  // --- the drawing ---
  var nodes = new vis.DataSet(graph.nodes.map(function (n) {
    var isCenter = n.id === graph.center;
    var item = {
      id: n.id,
      label: n.name,
      title: n.name + "（" + typeName(n.type) + "）",
      group: n.type,
      // vis scales `value` between scaling.min and scaling.max; a node without PageRank gets the smallest size.
      value: isCenter ? 1 : (typeof n.pagerank === "number" ? n.pagerank : 0),
      color: { background: colorOf(n.type), border: isCenter ? "#222" : "#fff",
               highlight: { background: colorOf(n.type), border: "#222" } },
      borderWidth: isCenter ? 4 : 2,
      shape: "dot",
      font: isCenter ? { size: 20, bold: { size: 20 }, face: fontFace, strokeWidth: 4 } : undefined,
    };
    if (isCenter) { item.x = 0; item.y = 0; item.fixed = { x: true, y: true }; item.mass = 4; }
    return item;
  }));
  var links = new vis.DataSet(graph.edges.map(function (e) {
    var count = e.evidence.length;
    return {
      id: e.id,
      from: e.source,
      to: e.target,
      // Only the centre's relations carry a label: further out they would pile up; colour and tooltip tell them.
      label: e.source === graph.center || e.target === graph.center
        ? relationName(e.type) + (count > 1 ? " ×" + count : "") : undefined,
      title: relationName(e.type) + " · " + count + " 篇文档",
      width: Math.min(1 + count, 6),
      arrows: isDirected(e.type) ? "to" : "",
      color: { color: config.relationColors[e.type] || "#A5ABB6" },
    };
  }));
  Object.keys(children).forEach(function (id) {
    if (children[id].length > shownChildren[id]) {
      nodes.add({ id: "more:" + id, label: moreLabel(id), title: "显示更多与之相连的机构", shape: "box",
                  color: { background: "#f2f2f2", border: "#999" }, font: { size: 13, face: fontFace, color: "#333" } });
      links.add({ id: "more-link:" + id, from: id, to: "more:" + id, dashes: true, color: { color: "#bbb" }, width: 1 });
    }
  });

  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visible(n.id); } });
  var edgeView = new vis.DataView(links, { filter: function (e) { return visible(e.from) && visible(e.to); } });
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    nodes: { scaling: { min: 10, max: 40 }, font: { size: 14, face: fontFace, strokeWidth: 3, strokeColor: "#fff" } },
    edges: { font: { size: 11, face: fontFace, align: "middle", strokeWidth: 3, strokeColor: "#fff" },
             smooth: { type: "continuous" } },
    physics: { stabilization: { iterations: 300 },
               barnesHut: { gravitationalConstant: -12000, springLength: 200, avoidOverlap: 0.8 } },
    interaction: { hover: true, tooltipDelay: 150 },
    layout: { randomSeed: 7 },  // the same graph is drawn the same way every time it is opened
  });
  // A still picture once laid out: nodes stay where the layout put them (and where the reader drags them).
  network.on("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); network.fit(); });

  function updateCounts() {
    var entities = nodeView.getIds().filter(function (id) { return nodeById[id]; });
    var relations = edgeView.getIds().filter(function (id) { return edgeById[id]; });
    document.getElementById("node-count").textContent = String(entities.length);
    document.getElementById("edge-count").textContent = String(relations.length);
  }

  function refresh() {
    Object.keys(children).forEach(function (id) {
      if (nodes.get("more:" + id)) { nodes.update({ id: "more:" + id, label: moreLabel(id) }); }
    });
    network.setOptions({ physics: { enabled: true } });
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }

  network.once("afterDrawing", function () {
    updateCounts();
    network.fit();
    container.setAttribute("data-rendered", "true");
  });

  // --- type filters ---
  var filters = document.getElementById("filters");
  filters.appendChild(el("h2", "机构类型"));
  var types = [];
  graph.nodes.forEach(function (n) { if (types.indexOf(n.type) < 0) { types.push(n.type); } });
  types.sort().forEach(function (type) {
    var label = document.createElement("label");
    label.title = type;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = type;
    box.addEventListener("change", function () {
      hiddenTypes[type] = !box.checked;
      refresh();
    });
    var swatch = el("span", null, "swatch");
    swatch.style.background = colorOf(type);
    var count = graph.nodes.filter(function (n) { return n.type === type; }).length;
    var text = el("span", null, "type-name");
    text.append(el("span", typeName(type) + "（" + count + "）"), el("small", type, "muted"));
    label.append(box, swatch, text);
    filters.appendChild(label);
  });

  // --- search: select and focus the entities whose name or an alias contains the text, revealing them ---
  document.getElementById("search").addEventListener("input", function (event) {
    var text = event.target.value.trim();
    if (!text) { network.unselectAll(); return; }
    var hits = graph.nodes.filter(function (n) {
      return !hiddenTypes[n.type] && (n.name.indexOf(text) >= 0 ||
        (n.aliases || []).some(function (a) { return a.indexOf(text) >= 0; }));
    }).map(function (n) { return n.id; });
    hits.forEach(function (id) {
      for (var node = id; parent[node] !== null; node = parent[node]) {
        shownChildren[parent[node]] = Math.max(shownChildren[parent[node]], children[parent[node]].indexOf(node) + 1);
      }
    });
    if (hits.length) {
      refresh();
      network.selectNodes(hits);
      network.focus(hits[0], { scale: 1.2, animation: true });
      showNode(nodeById[hits[0]]);
    }
  });

  // --- details panel ---
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function documentItem(title, docName, date) {
    var item = el("li");
    item.appendChild(el("strong", title || docName || "（无标题）"));
    var meta = [title ? docName : null, date].filter(Boolean).join(" · ");
    if (meta) { item.appendChild(el("div", meta, "muted")); }
    return item;
  }

  function showNode(n) {
    details.replaceChildren();
    var heading = el("h2", n.name + " ");
    var badge = el("span", typeName(n.type), "type");
    badge.style.background = colorOf(n.type);
    heading.appendChild(badge);
    details.appendChild(heading);
    var facts = el("dl");
    [["编号", n.id], ["别名", (n.aliases || []).join("、") || "—"],
     ["PageRank", typeof n.pagerank === "number" ? n.pagerank.toFixed(4) : "—"],
     ["中介中心度", typeof n.betweenness === "number" ? n.betweenness.toFixed(4) : "—"],
     ["社区", n.community === undefined ? "—" : n.community]].forEach(function (pair) {
      facts.append(el("dt", pair[0]), el("dd", pair[1]));
    });
    details.appendChild(facts);
    details.appendChild(el("h2", "来源文档（" + (n.documents || []).length + "）"));
    var list = el("ul");
    (n.documents || []).forEach(function (d) { list.appendChild(documentItem(d.title, d.doc, d.date)); });
    details.appendChild(list);
  }

  function showEdge(e) {
    details.replaceChildren();
    var source = nodeById[e.source], target = nodeById[e.target];
    var arrow = isDirected(e.type) ? " → " : " — ";
    details.appendChild(el("h2", (source ? source.name : e.source) + arrow + (target ? target.name : e.target)));
    details.appendChild(el("p", relationName(e.type) + "（" + e.type + "）"));
    details.appendChild(el("h2", "证据（" + e.evidence.length + " 篇文档）"));
    var list = el("ul");
    e.evidence.forEach(function (ev) {
      var item = documentItem(documentTitle[ev.doc], ev.doc_name, ev.date);
      item.appendChild(el("blockquote", ev.text));
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  network.on("click", function (params) {
    var id = params.nodes[0];
    if (id && id.indexOf("more:") === 0) {
      shownChildren[id.slice(5)] += config.neighbourCap;
      refresh();
    } else if (id) { showNode(nodeById[id]); }
    else if (params.edges.length && edgeById[params.edges[0]]) { showEdge(edgeById[params.edges[0]]); }
  });
}());
