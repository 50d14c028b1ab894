// Set the name, aliases and ambiguity computed from the documents that mention each entity.
// params: {"rows": [{"key": "Hospital:东方医院", "name": "东方医院", "aliases": ["浦东新区东方医院"], "ambiguous": false}]}
UNWIND $rows AS row
MATCH (e:Entity {id: row.key})
SET e.name = row.name, e.aliases = row.aliases, e.ambiguous = row.ambiguous
RETURN count(*) AS updated
