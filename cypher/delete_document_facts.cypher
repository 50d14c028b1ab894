// Delete the given documents with their MENTIONS and every relationship they state. Each such
// relationship joins two entities the document mentions, so it is found from them.
// params: {"doc_ids": ["0000"]}
MATCH (d:Document)
WHERE d.id IN $doc_ids
OPTIONAL MATCH (d)-[:MENTIONS]->(:Entity)-[r]-(:Entity)
WHERE r.doc = d.id
WITH d, collect(DISTINCT r) AS stated
FOREACH (r IN stated | DELETE r)
DETACH DELETE d
RETURN count(*) AS deleted
