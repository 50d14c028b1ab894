// Node counts by label (a node with two labels counts under both); the change stamp (graph_stamp) is bookkeeping,
// not content.
// params: {}
MATCH (n)
WHERE NOT n:GraphStamp
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
