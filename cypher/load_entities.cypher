// Create entities of one type that do not exist yet (the loader has looked), each with :Entity and its type's
// label, with the name, aliases and ambiguity the loader computed. {label} is the type: labels cannot be
// parameters, so graph.cypher.load_labelled puts in one of the record types (never a value). The
// :Entity(id) uniqueness constraint refuses an entity created meanwhile by another writer.
// label: Hospital
// params: {"rows": [{"id": "Hospital:新华医院", "type": "Hospital", "name": "新华医院", "aliases": ["新华"], "ambiguous": false}]}
UNWIND $rows AS row
CREATE (e:Entity:{label} {id: row.id})
SET e.type = row.type, e.name = row.name, e.aliases = row.aliases, e.ambiguous = row.ambiguous
RETURN count(*) AS created
