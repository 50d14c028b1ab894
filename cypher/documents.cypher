// The loaded documents, by file name. `source` and `content_hash` are null for documents an older
// ecokg loaded (its `id` was the content hash).
// params: {}
MATCH (d:Document)
RETURN d.id AS id, d.doc AS doc, d.source AS source, d.content_hash AS content_hash, d.path AS path,
       d.title AS title, d.date AS date, d.issuer AS issuer, d.extractor_version AS extractor_version
ORDER BY d.doc, d.source
