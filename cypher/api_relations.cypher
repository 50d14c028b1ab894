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
WITH e, type, outgoing, n, count(r) AS statements, collect(DISTINCT r.doc) AS docs,
     collect({doc: r.doc, doc_name: r.doc_name, evidence: r.evidence, start: r.start, end: r.end, date: r.date,
              confidence: r.confidence, status: r.status, rule: r.rule})[..$evidence_limit] AS evidence
RETURN e.id AS via, type, outgoing, n.id AS id, n.name AS name, n.type AS neighbor_type, n.aliases AS aliases,
       statements, docs, evidence
ORDER BY via, type, id, outgoing
LIMIT $limit
