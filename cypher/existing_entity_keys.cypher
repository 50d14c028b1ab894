// Which of the given entity ids exist; names the missing end of a relation that cannot be loaded.
// params: {"keys": ["Hospital:东方医院"]}
MATCH (e:Entity)
WHERE e.id IN $keys
RETURN e.id AS key
