// Every distinct view documents give of the given entities: a canonical name, its forms, an ambiguity flag.
// Anchored on the entities (a scan of every MENTIONS otherwise) and DISTINCT: an entity that a hundred documents
// mention the same way sends one row, not a hundred.
// params: {"keys": ["Hospital:东方医院"]}
UNWIND $keys AS key
MATCH (e:Entity {id: key})
MATCH (:Document)-[m:MENTIONS]->(e)
RETURN DISTINCT e.id AS key, m.name AS name, m.forms AS forms, m.ambiguous AS ambiguous
