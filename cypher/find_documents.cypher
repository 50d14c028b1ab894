// Documents by id (content hash), file name or source path.
// params: {"ref": "sample.txt"}
MATCH (d:Document)
WHERE d.id = $ref OR d.doc = $ref OR d.path = $ref
RETURN d.id AS id, d.doc AS doc, d.path AS path
