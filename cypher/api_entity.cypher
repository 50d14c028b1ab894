// One entity: its labels, properties, and per relation type the number of distinct neighbours and of statements.
// params: {"id": "Hospital:东方医院"}
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (e)-[r]-(n:Entity)
WITH e, type(r) AS type, count(DISTINCT n) AS neighbours, count(r) AS statements
RETURN labels(e) AS labels, properties(e) AS properties,
       collect(CASE WHEN type IS NULL THEN NULL ELSE {type: type, neighbours: neighbours, statements: statements} END) AS degree
