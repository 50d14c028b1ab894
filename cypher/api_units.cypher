// An organisation's units: entities PART_OF it and hospitals AFFILIATED_WITH it (one level).
// params: {"id": "University:同济大学"}
MATCH (u:Entity)-[r]->(o:Entity {id: $id})
WHERE type(r) = 'PART_OF' OR (type(r) = 'AFFILIATED_WITH' AND u.type = 'Hospital')
RETURN DISTINCT u.id AS id, u.name AS name, u.type AS type, u.aliases AS aliases, type(r) AS relation
ORDER BY id
