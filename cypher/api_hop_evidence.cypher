// Every statement (one relationship per document) of the given hops, each hop a source, type and target.
// params: {"hops": [{"source": "Hospital:东方医院", "type": "AFFILIATED_WITH", "target": "University:同济大学"}]}
UNWIND $hops AS hop
MATCH (a:Entity {id: hop.source})-[r]->(b:Entity {id: hop.target})
WHERE type(r) = hop.type
RETURN hop.source AS source, hop.type AS type, hop.target AS target,
       r.doc AS doc, r.doc_name AS doc_name, r.evidence AS evidence, r.start AS start, r.end AS end,
       r.date AS date, r.confidence AS confidence, r.status AS status, r.rule AS rule
ORDER BY source, type, target, date, doc
