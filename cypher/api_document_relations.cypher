// The facts a document states: the relationships whose `doc` is its id, with their evidence.
// Reached through the entities it mentions, since relationships have no index on `doc`.
// params: {"id": "0000"}
MATCH (:Document {id: $id})-[:MENTIONS]->(a:Entity)-[r]->(b:Entity)
WHERE r.doc = $id
RETURN a.id AS source, a.name AS source_name, type(r) AS type, b.id AS target, b.name AS target_name,
       r.evidence AS evidence, r.start AS start, r.end AS end, r.rule AS rule, r.confidence AS confidence,
       r.status AS status
ORDER BY start, source, type, target
