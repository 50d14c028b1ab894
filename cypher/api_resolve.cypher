// Entities an exact reference names: by id, by name, or by alias (one of the folded forms), optionally of given types.
// `by` says how each matched, so the caller can prefer an id over a name over an alias.
// params: {"ids": ["Hospital:东方医院"], "forms": ["东方医院"], "types": null}
MATCH (e:Entity)
WHERE ($types IS NULL OR e.type IN $types)
  AND (e.id IN $ids OR e.name IN $forms OR any(a IN coalesce(e.aliases, []) WHERE a IN $forms))
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases,
       CASE WHEN e.id IN $ids THEN 'id' WHEN e.name IN $forms THEN 'name' ELSE 'alias' END AS by
ORDER BY e.id
