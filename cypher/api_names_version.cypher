// A cheap version of the graph's names: the entity count and every document's facts hash. It changes when a build,
// an upload or a removal changes which entities exist, so the API rebuilds its name index only then.
// params: {}
MATCH (e:Entity)
WITH count(e) AS entities
OPTIONAL MATCH (d:Document)
WITH entities, d
ORDER BY d.id
RETURN entities, collect(d.id + ':' + coalesce(d.facts_hash, d.content_hash, '')) AS documents
