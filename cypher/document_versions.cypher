// The stored documents a load replaces: the same document (its id derives from its source), or one
// an older ecokg loaded under the same file name (it keyed documents by file name and stored no source).
// params: {"id": "0000", "doc": "sample.txt"}
MATCH (d:Document)
WHERE d.id = $id OR (d.source IS NULL AND d.doc = $doc)
RETURN d.id AS id, d.facts_hash AS facts_hash
