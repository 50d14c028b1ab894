// The entities with the highest value of a metric `ecokg analyze` wrote (degree, pagerank or betweenness).
// params: {"metric": "pagerank", "type": null, "limit": 10}
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
WITH e, CASE $metric WHEN 'degree' THEN e.degree WHEN 'pagerank' THEN e.pagerank WHEN 'betweenness' THEN e.betweenness END AS value
WHERE value IS NOT NULL
RETURN e.id AS id, e.name AS name, e.type AS type, e.degree AS degree, e.pagerank AS pagerank,
       e.betweenness AS betweenness, e.community AS community
ORDER BY value DESC, id
LIMIT $limit
