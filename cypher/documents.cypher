// The loaded documents, by file name.
// params: {}
MATCH (d:Document)
RETURN d.id AS id, d.doc AS doc, d.title AS title, d.date AS date, d.issuer AS issuer
ORDER BY d.doc
