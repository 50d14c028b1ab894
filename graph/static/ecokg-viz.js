/* ecokg network view. Reads the subgraph from #graph-data (shape: graph/viz.py docstring) and draws it with
   vis-network. After the first draw it sets data-rendered="true" on #network and the visible node count in
   #node-count, which headless tests read. */
(function () {
  "use strict";
  var graph = JSON.parse(document.getElementById("graph-data").textContent);
  var config = JSON.parse(document.getElementById("viz-config").textContent);
  var container = document.getElementById("network");
  var details = document.getElementById("details");
  var nodeById = {};
  var edgeById = {};
  graph.nodes.forEach(function (n) { nodeById[n.id] = n; });
  graph.edges.forEach(function (e) { edgeById[e.id] = e; });

  function colorOf(type) { return config.typeColors[type] || "#A5ABB6"; }

  var nodes = new vis.DataSet(graph.nodes.map(function (n) {
    return {
      id: n.id,
      label: n.name,
      title: n.name + " (" + n.type + ")",
      group: n.type,
      // vis scales `value` between scaling.min and scaling.max; a node without PageRank gets the smallest size.
      value: typeof n.pagerank === "number" ? n.pagerank : 0,
      color: { background: colorOf(n.type), border: n.id === graph.center ? "#222" : colorOf(n.type) },
      borderWidth: n.id === graph.center ? 3 : 1,
      shape: "dot",
    };
  }));
  var edges = new vis.DataSet(graph.edges.map(function (e) {
    return {
      id: e.id,
      from: e.source,
      to: e.target,
      label: e.type,
      title: e.type + " · " + e.evidence.length + " document(s)",
      width: Math.min(1 + e.evidence.length, 6),
      arrows: "to",
      color: { color: config.relationColors[e.type] || "#A5ABB6" },
    };
  }));

  var hiddenTypes = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenTypes[n.group]; } });
  var network = new vis.Network(container, { nodes: nodeView, edges: edges }, {
    nodes: { scaling: { min: 10, max: 45 }, font: { size: 14 } },
    edges: { font: { size: 10, align: "middle" }, smooth: { type: "continuous" } },
    physics: { stabilization: { iterations: 200 }, barnesHut: { gravitationalConstant: -6000, springLength: 140 } },
    interaction: { hover: true, tooltipDelay: 150 },
  });

  function updateCounts() {
    var visible = nodeView.getIds();
    var shown = {};
    visible.forEach(function (id) { shown[id] = true; });
    var edgeCount = edges.get().filter(function (e) { return shown[e.from] && shown[e.to]; }).length;
    document.getElementById("node-count").textContent = String(visible.length);
    document.getElementById("edge-count").textContent = String(edgeCount);
  }

  network.once("afterDrawing", function () {
    updateCounts();
    container.setAttribute("data-rendered", "true");
  });

  // --- type filters ---
  var filters = document.getElementById("filters");
  var types = [];
  graph.nodes.forEach(function (n) { if (types.indexOf(n.type) < 0) { types.push(n.type); } });
  types.sort().forEach(function (type) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = type;
    box.addEventListener("change", function () {
      hiddenTypes[type] = !box.checked;
      nodeView.refresh();
      updateCounts();
    });
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colorOf(type);
    var count = graph.nodes.filter(function (n) { return n.type === type; }).length;
    label.append(box, swatch, document.createTextNode(type + " (" + count + ")"));
    filters.appendChild(label);
  });

  // --- search: select and focus the nodes whose name or an alias contains the text ---
  document.getElementById("search").addEventListener("input", function (event) {
    var text = event.target.value.trim();
    if (!text) { network.unselectAll(); return; }
    var hits = graph.nodes.filter(function (n) {
      return !hiddenTypes[n.type] && (n.name.indexOf(text) >= 0 ||
        (n.aliases || []).some(function (a) { return a.indexOf(text) >= 0; }));
    }).map(function (n) { return n.id; });
    network.selectNodes(hits);
    if (hits.length) {
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

  function documentItem(title, doc, date) {
    var item = el("li");
    item.appendChild(el("strong", title || doc || "(untitled)"));
    var meta = [doc, date].filter(Boolean).join(" · ");
    if (meta) { item.appendChild(el("div", meta, "muted")); }
    return item;
  }

  function showNode(n) {
    details.replaceChildren();
    var heading = el("h2", n.name + " ");
    var badge = el("span", n.type, "type");
    badge.style.background = colorOf(n.type);
    heading.appendChild(badge);
    details.appendChild(heading);
    var facts = el("dl");
    [["id", n.id], ["aliases", (n.aliases || []).join("、") || "—"],
     ["PageRank", typeof n.pagerank === "number" ? n.pagerank.toFixed(4) : "—"],
     ["betweenness", typeof n.betweenness === "number" ? n.betweenness.toFixed(4) : "—"],
     ["community", n.community === undefined ? "—" : n.community]].forEach(function (pair) {
      facts.append(el("dt", pair[0]), el("dd", pair[1]));
    });
    details.appendChild(facts);
    details.appendChild(el("h2", "Source documents (" + (n.documents || []).length + ")"));
    var list = el("ul");
    (n.documents || []).forEach(function (d) { list.appendChild(documentItem(d.title, d.doc, d.date)); });
    details.appendChild(list);
  }

  function showEdge(e) {
    details.replaceChildren();
    var source = nodeById[e.source], target = nodeById[e.target];
    details.appendChild(el("h2", (source ? source.name : e.source) + " → " + (target ? target.name : e.target)));
    details.appendChild(el("p", e.type));
    details.appendChild(el("h2", "Evidence (" + e.evidence.length + " document(s))"));
    var list = el("ul");
    e.evidence.forEach(function (ev) {
      var item = documentItem(ev.doc_name, ev.doc, ev.date);
      item.appendChild(el("blockquote", ev.text));
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(nodeById[params.nodes[0]]); }
    else if (params.edges.length) { showEdge(edgeById[params.edges[0]]); }
  });
}());
