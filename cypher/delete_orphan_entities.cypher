// Delete those of the given entities that no document mentions any more.
// params: {"keys": ["Hospital:东方医院"]}
MATCH (e:Entity)
WHERE e.id IN $keys AND NOT EXISTS { MATCH (e)<-[:MENTIONS]-(:Document) }
DETACH DELETE e
RETURN count(*) AS deleted
