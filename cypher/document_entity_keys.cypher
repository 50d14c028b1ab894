// The ids of the entities the given documents mention.
// params: {"doc_ids": ["0000"]}
// Each one anchored on its indexed id (UNWIND, then a property map): `WHERE x.id IN $list` scans on ArcadeDB.
UNWIND $doc_ids AS doc_id
MATCH (d:Document {id: doc_id})-[:MENTIONS]->(e:Entity)
RETURN DISTINCT e.id AS key
