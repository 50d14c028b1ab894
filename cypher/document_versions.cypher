// The stored documents with the given ids (a document's id derives from its source), with their facts' hash.
// params: {"ids": ["0000"]}
UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN d.id AS id, d.facts_hash AS facts_hash
