// The stored documents a load replaces: the same document (its id derives from its source), or the one
// an older ecokg loaded from the same file (it stored no source and keyed documents by file name).
// params: {"id": "0000", "doc": "sample.txt", "path": "/corpus/sample.txt"}
MATCH (d:Document)
WHERE d.id = $id OR (d.source IS NULL AND d.doc = $doc AND d.path = $path)
RETURN d.id AS id, d.facts_hash AS facts_hash
