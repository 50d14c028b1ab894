// One document, by id (content hash) or file name: its metadata and cleaned text.
// params: {"ref": "sample.txt"}
MATCH (d:Document)
WHERE d.id = $ref OR d.doc = $ref
RETURN d.id AS id, d.doc AS doc, d.path AS path, d.title AS title, d.issuer AS issuer, d.number AS number,
       d.date AS date, d.district AS district, d.extractor_version AS extractor_version, d.text AS text
ORDER BY d.id
