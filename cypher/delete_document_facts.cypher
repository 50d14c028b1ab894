// Delete the given documents with their MENTIONS and every relationship they state. Each such
// relationship joins two entities the document mentions, so it is found from them.
// params: {"doc_ids": ["0000"]}
// The text goes first: ArcadeDB reads the whole node again for every relationship it unlinks, which took
// minutes for a document of megabytes.
// Each one anchored on its indexed id (UNWIND, then a property map): `WHERE x.id IN $list` scans on ArcadeDB.
UNWIND $doc_ids AS doc_id
MATCH (d:Document {id: doc_id})
SET d.text = null
WITH d
OPTIONAL MATCH (d)-[:MENTIONS]->(:Entity)-[r]-(:Entity)
WHERE r.doc = d.id
WITH d, collect(DISTINCT r) AS stated
FOREACH (r IN stated | DELETE r)
DETACH DELETE d
RETURN count(*) AS deleted
