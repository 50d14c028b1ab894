// The relations of the given entities, one row per (entity, type, direction, neighbour) with how many statements
// (relationships, one per document) make it, their documents, and the evidence of the newest $evidence_limit:
// a fact a thousand documents restate answers in one row, not a thousand.
// `direction` is 'out', 'in' or 'both'; COOPERATES_WITH is symmetric (stored one way per pair), so it always matches.
// params: {"ids": ["Hospital:东方医院"], "types": ["COOPERATES_WITH", "AFFILIATED_WITH"], "direction": "both", "neighbor_types": null, "exclude": [], "evidence_limit": 10, "limit": 1000}
UNWIND $ids AS key
MATCH (e:Entity {id: key})-[r]-(n:Entity)
WHERE type(r) IN $types AND NOT n.id IN $exclude
  AND ($neighbor_types IS NULL OR n.type IN $neighbor_types)
WITH e, r, n, startNode(r) = e AS outgoing
WHERE $direction = 'both' OR type(r) = 'COOPERATES_WITH' OR (outgoing = ($direction = 'out'))
WITH e, type(r) AS type, outgoing, n, r
ORDER BY coalesce(r.date, '') DESC, r.doc
// The newest relationships are collected and only those made into evidence maps (a map per statement was a third
// of a hub's time on the embedded server).
WITH e, type, outgoing, n, count(r) AS statements, collect(DISTINCT r.doc) AS docs, collect(r)[..$evidence_limit] AS newest
RETURN e.id AS via, type, outgoing, n.id AS id, n.name AS name, n.type AS neighbor_type, n.aliases AS aliases,
       statements, docs,
       [s IN newest | {doc: s.doc, doc_name: s.doc_name, evidence: s.evidence, start: s.start, end: s.end,
                       date: s.date, confidence: s.confidence, status: s.status, rule: s.rule}] AS evidence
ORDER BY via, type, id, outgoing
LIMIT $limit
