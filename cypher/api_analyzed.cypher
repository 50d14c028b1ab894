// Whether `ecokg analyze` has written metrics to any entity.
// params: {}
MATCH (e:Entity)
WHERE e.pagerank IS NOT NULL
RETURN count(e) > 0 AS analyzed
