// The entities with the most relationships to other entities, most first: the ones whose links cost most to read,
// which the API reads ahead after each change of the graph (api/readahead.py).
// params: {"limit": 100}
MATCH (e:Entity)-[r]-(:Entity)
WITH e, count(r) AS links
ORDER BY links DESC, e.id
LIMIT $limit
RETURN e.id AS id, links
