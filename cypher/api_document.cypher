// One document, by id, source (upload:<name>, a resolved path) or file name: its metadata and cleaned text.
// params: {"ref": "sample.txt"}
MATCH (d:Document)
WHERE d.id = $ref OR d.source = $ref OR d.doc = $ref
RETURN d.id AS id, d.doc AS doc, d.source AS source, d.path AS path, d.title AS title, d.issuer AS issuer,
       d.number AS number, d.date AS date, d.district AS district, d.extractor_version AS extractor_version,
       d.text AS text
ORDER BY d.id
