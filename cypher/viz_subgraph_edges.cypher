// The relations among the given entities, one row per (source, type, target, document) with its evidence.
// params: {"ids": ["Hospital:东方医院", "University:同济大学", "ResearchInstitute:药物所"], "relation_types": ["COOPERATES_WITH", "AFFILIATED_WITH"]}
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $relation_types
RETURN a.id AS source, b.id AS target, type(r) AS type, r.doc AS doc, r.doc_name AS doc_name,
       r.evidence AS evidence, r.date AS date, r.confidence AS confidence, r.status AS status
