// Entities whose name or one of whose aliases is exactly the given text.
// params: {"name": "东方医院"}
MATCH (e:Entity)
WHERE e.name = $name OR $name IN e.aliases
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY e.name, e.id
