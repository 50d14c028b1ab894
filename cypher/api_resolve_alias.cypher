// Entities with an alias equal to one of the given forms, optionally of given types: the fallback when no id or
// name matched (aliases are a list property, so this scans the entities).
// params: {"forms": ["东方医院"], "types": ["Hospital"]}
MATCH (e:Entity)
WHERE ($types IS NULL OR e.type IN $types) AND any(a IN coalesce(e.aliases, []) WHERE a IN $forms)
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, 'alias' AS by
ORDER BY id
