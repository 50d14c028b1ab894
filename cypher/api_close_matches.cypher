// Candidate entities sharing a two-character piece with a name nobody matched, for "did you mean" suggestions.
// params: {"grams": ["东方", "方医"], "limit": 200}
MATCH (e:Entity)
WHERE any(g IN $grams WHERE e.name CONTAINS g OR any(a IN coalesce(e.aliases, []) WHERE a CONTAINS g))
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
LIMIT $limit
