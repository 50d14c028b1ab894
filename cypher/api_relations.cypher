// The relations of the given entities, one row per statement (relationship) with its evidence, capped.
// `direction` is 'out', 'in' or 'both'; COOPERATES_WITH is symmetric (stored one way per pair), so it always matches.
// params: {"ids": ["Hospital:东方医院"], "types": ["COOPERATES_WITH", "AFFILIATED_WITH"], "direction": "both", "neighbor_types": null, "exclude": [], "limit": 1000}
UNWIND $ids AS key
MATCH (e:Entity {id: key})-[r]-(n:Entity)
WHERE type(r) IN $types AND NOT n.id IN $exclude
  AND ($neighbor_types IS NULL OR n.type IN $neighbor_types)
WITH e, r, n, startNode(r) = e AS outgoing
WHERE $direction = 'both' OR type(r) = 'COOPERATES_WITH' OR (outgoing = ($direction = 'out'))
RETURN e.id AS via, type(r) AS type, outgoing,
       n.id AS id, n.name AS name, n.type AS neighbor_type, n.aliases AS aliases,
       r.doc AS doc, r.doc_name AS doc_name, r.evidence AS evidence, r.start AS start, r.end AS end,
       r.date AS date, r.confidence AS confidence, r.status AS status, r.rule AS rule
ORDER BY via, type, id, date, doc
LIMIT $limit
