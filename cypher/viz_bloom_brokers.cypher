// Bloom search phrase "Brokers among $type": the 25 entities of a type with the highest betweenness.
// params: {"type": "Hospital"}
MATCH (e:Entity)
WHERE e.type = $type AND e.betweenness IS NOT NULL
RETURN e
ORDER BY e.betweenness DESC
LIMIT 25
