// Create the entities of a batch, all of one type, that do not exist yet, each with :Entity and its type's label.
// {label} is the type: labels cannot be parameters, so graph.cypher.load_labelled puts in one of the record
// types (never a value); the loader sends each type's rows apart. OPTIONAL MATCH + CREATE rather than MERGE:
// ArcadeDB's MERGE on two labels scans instead of using the :Entity(id) index. An existing entity keeps its
// first type. Names, aliases and `ambiguous` are set by set_entity_names.
// label: Hospital
// params: {"rows": [{"id": "Hospital:东方医院", "type": "Hospital", "name": "东方医院"}]}
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row WHERE old IS NULL
CREATE (e:Entity:{label} {id: row.id})
SET e.type = row.type, e.name = row.name
RETURN count(*) AS created
