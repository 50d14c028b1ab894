// Write network metrics back onto entities so Bloom and Browser can size and colour by them.
// params: {"rows": [{"id": "Hospital:东方医院", "degree": 2, "pagerank": 0.4, "betweenness": 1.0, "community": 0}]}
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e.degree = row.degree, e.pagerank = row.pagerank, e.betweenness = row.betweenness, e.community = row.community
RETURN count(*) AS written
