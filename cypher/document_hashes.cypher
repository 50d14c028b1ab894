// The facts hash of every loaded document (a build checks its resolution state against them).
// params: {}
MATCH (d:Document)
RETURN d.id AS id, d.facts_hash AS facts_hash
