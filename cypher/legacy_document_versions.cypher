// Documents an older ecokg loaded (it stored no source and keyed documents by file name) with the given file
// names: a load of the same file replaces them.
// params: {"docs": ["sample.txt"]}
// Each one anchored on the indexed file name (UNWIND, then a property map): `WHERE d.doc IN $docs` scans on ArcadeDB.
UNWIND $docs AS doc
MATCH (d:Document {doc: doc})
WHERE d.source IS NULL
RETURN d.id AS id, d.doc AS doc, d.path AS path, d.facts_hash AS facts_hash
