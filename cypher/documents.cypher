// The loaded documents, by file name.
// params: {}
MATCH (d:Document)
RETURN d.id AS id, d.doc AS doc, d.path AS path, d.title AS title, d.date AS date, d.issuer AS issuer,
       d.extractor_version AS extractor_version
ORDER BY d.doc
