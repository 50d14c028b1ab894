// Every document's view of the given entities: its canonical name, its forms, its ambiguity flag.
// params: {"keys": ["Hospital:东方医院"]}
MATCH (:Document)-[m:MENTIONS]->(e:Entity)
WHERE e.id IN $keys
RETURN e.id AS key, m.name AS name, m.forms AS forms, m.ambiguous AS ambiguous
