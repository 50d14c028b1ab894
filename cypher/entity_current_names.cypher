// The name, aliases and ambiguity the given entities have now (the loader adds a transaction's forms to them).
// params: {"keys": ["Hospital:东方医院"]}
UNWIND $keys AS key
MATCH (e:Entity {id: key})
RETURN e.id AS key, e.name AS name, e.aliases AS aliases, e.ambiguous AS ambiguous
