// The entities one relation away from the given ones (either direction), capped; a breadth-first step of a subgraph.
// params: {"ids": ["Hospital:东方医院"], "relation_types": ["COOPERATES_WITH", "AFFILIATED_WITH"], "limit": 100}
MATCH (a:Entity)-[r]-(b:Entity)
WHERE a.id IN $ids AND type(r) IN $relation_types
RETURN DISTINCT b.id AS id
ORDER BY id
LIMIT $limit
