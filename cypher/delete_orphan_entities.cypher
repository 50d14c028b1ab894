// Delete those of the given entities that no document mentions any more.
// params: {"keys": ["Hospital:东方医院"]}
// Each one anchored on its indexed id (UNWIND, then a property map): `WHERE x.id IN $list` scans on ArcadeDB.
UNWIND $keys AS key
MATCH (e:Entity {id: key})
WHERE NOT EXISTS { MATCH (e)<-[:MENTIONS]-(:Document) }
DETACH DELETE e
RETURN count(*) AS deleted
