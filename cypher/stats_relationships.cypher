// Relationship counts by type.
// params: {}
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
