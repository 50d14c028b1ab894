// The stored documents a load replaces: the same file name, or the same content.
// params: {"doc": "sample.txt", "id": "0000"}
MATCH (d:Document)
WHERE d.doc = $doc OR d.id = $id
RETURN d.id AS id, d.doc AS doc, d.facts_hash AS facts_hash
