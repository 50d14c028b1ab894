// Entities an exact reference names by id or by name (one of the query's folded forms), optionally of given types.
// Index lookups only; `by` says how each matched, so the caller prefers an id over a name. Aliases: api_resolve_alias.
// params: {"ids": ["Hospital:东方医院"], "forms": ["东方医院", "同济大学"], "types": null}
UNWIND $ids AS ref
MATCH (e:Entity {id: ref})
WHERE $types IS NULL OR e.type IN $types
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, 'id' AS by
UNION
UNWIND $forms AS form
MATCH (e:Entity {name: form})
WHERE $types IS NULL OR e.type IN $types
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, 'name' AS by
