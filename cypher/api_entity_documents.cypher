// The documents mentioning an entity, with the surface forms each uses, oldest first.
// params: {"id": "Hospital:东方医院", "limit": 100}
MATCH (d:Document)-[m:MENTIONS]->(e:Entity {id: $id})
RETURN d.id AS id, d.doc AS doc, d.title AS title, d.date AS date, d.issuer AS issuer, m.surface AS surface
ORDER BY date, doc
LIMIT $limit
