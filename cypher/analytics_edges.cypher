// Relations among entities of the given types: one row per (source, type, target, document).
// params: {"types": ["Hospital", "University", "ResearchInstitute", "Company"], "relation_types": ["COOPERATES_WITH", "AFFILIATED_WITH"]}
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.type IN $types AND b.type IN $types AND type(r) IN $relation_types
RETURN a.id AS source, b.id AS target, type(r) AS type, r.doc AS doc, r.doc_name AS doc_name,
       r.evidence AS evidence, r.start AS start, r.end AS `end`, r.rule AS rule, r.confidence AS confidence,
       r.status AS status, r.date AS date
