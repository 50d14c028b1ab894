// Entities whose name or an alias equals (rank 0), starts with (1) or contains (2) one of the query's forms, best first, one page.
// `forms` are the query in its folded variants (as typed, simplified, traditional; lower-cased), so matching is case-
// and script-insensitive for names stored in either script. Returns the total number of matches beside the page.
// The API answers GET /entities?q= from its in-process index (api/search.py) instead of scanning every entity per
// request; this is the same search in Cypher, for analysts, and the reference tests/api/test_search_index.py holds
// the index to.
// params: {"forms": ["东方医院", "東方醫院"], "type": null, "offset": 0, "limit": 20}
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
WITH e, toLower(e.name) AS name, [a IN coalesce(e.aliases, []) | toLower(a)] AS aliases
WITH e, name, CASE
  WHEN name IN $forms OR any(a IN aliases WHERE a IN $forms) THEN 0
  WHEN any(f IN $forms WHERE name STARTS WITH f OR any(a IN aliases WHERE a STARTS WITH f)) THEN 1
  WHEN any(f IN $forms WHERE name CONTAINS f OR any(a IN aliases WHERE a CONTAINS f)) THEN 2
END AS rank
WHERE rank IS NOT NULL
WITH e, rank
ORDER BY rank, size(e.name), e.name, e.id
WITH collect({id: e.id, name: e.name, type: e.type, aliases: e.aliases, rank: rank}) AS hits
RETURN size(hits) AS total, hits[$offset..($offset + $limit)] AS page
