// Bloom search phrase "$type 中的桥梁机构": the 25 entities of a type with the highest betweenness.
// params: {"type": "Hospital"}
MATCH (e:Entity)
WHERE e.type = $type AND e.betweenness IS NOT NULL
RETURN e
ORDER BY e.betweenness DESC
LIMIT 25
