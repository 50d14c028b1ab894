// The given entities, one row per document mentioning each (document fields null when none does).
// params: {"ids": ["Hospital:东方医院", "University:同济大学"]}
MATCH (e:Entity)
WHERE e.id IN $ids
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(e)
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, e.pagerank AS pagerank,
       e.betweenness AS betweenness, e.community AS community,
       d.id AS doc_id, d.doc AS doc, d.title AS title, d.date AS date
