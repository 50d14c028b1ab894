// The lowest and highest value of one metric `ecokg analyze` wrote (pagerank, degree, …) over all entities:
// the range a Bloom size rule spans. The metric is a parameter: properties are read by key, e[$metric].
// params: {"metric": "pagerank"}
MATCH (e:Entity)
WHERE e[$metric] IS NOT NULL
RETURN min(e[$metric]) AS low, max(e[$metric]) AS high
