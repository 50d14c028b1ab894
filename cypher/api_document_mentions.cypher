// The entities a document mentions, with the surface forms and their offsets in its text.
// params: {"id": "0000"}
MATCH (:Document {id: $id})-[m:MENTIONS]->(e:Entity)
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases,
       m.surface AS surface, m.starts AS starts, m.ends AS ends
ORDER BY id
