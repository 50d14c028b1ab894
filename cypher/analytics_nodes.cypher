// Entities of the given types, with any metrics a previous analysis wrote back.
// params: {"types": ["Hospital", "University", "ResearchInstitute", "Company"]}
MATCH (e:Entity)
WHERE e.type IN $types
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases, e.ambiguous AS ambiguous,
       e.degree AS degree, e.pagerank AS pagerank, e.betweenness AS betweenness, e.community AS community
