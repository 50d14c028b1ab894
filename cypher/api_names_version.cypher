// A cheap version of the graph's names: the entity count and every document's facts hash. It changes when a build,
// an upload or a removal changes which entities exist, so the API rebuilds its index only then. Two subqueries, not
// one pipeline: a count alone is answered from the type's size, a count carried into a second MATCH scans.
// params: {}
CALL { MATCH (e:Entity) RETURN count(e) AS entities }
CALL { OPTIONAL MATCH (d:Document) WITH d ORDER BY d.id RETURN collect(d.id + ':' + coalesce(d.facts_hash, d.content_hash, '')) AS documents }
RETURN entities, documents
