// The ids of the entities the given documents mention.
// params: {"doc_ids": ["0000"]}
MATCH (d:Document)-[:MENTIONS]->(e:Entity)
WHERE d.id IN $doc_ids
RETURN DISTINCT e.id AS key
