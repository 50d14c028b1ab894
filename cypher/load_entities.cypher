// Create the entities of a batch that do not exist yet, each with :Entity and its type's label.
// Labels cannot be parameters, so there is one subquery per type, each run once per batch (a
// FOREACH-CASE per row is several times slower on ArcadeDB). OPTIONAL MATCH + CREATE rather than
// MERGE: ArcadeDB's MERGE on two labels scans instead of using the :Entity(id) index. An existing
// entity keeps its first type. Names, aliases and `ambiguous` are set by set_entity_names.
// params: {"rows": [{"id": "Hospital:东方医院", "type": "Hospital", "name": "东方医院"}]}
CALL { UNWIND [r IN $rows WHERE r.type = 'Hospital'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Hospital {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_0 }
CALL { UNWIND [r IN $rows WHERE r.type = 'University'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:University {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_1 }
CALL { UNWIND [r IN $rows WHERE r.type = 'ResearchInstitute'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:ResearchInstitute {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_2 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Company'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Company {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_3 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Platform'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Platform {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_4 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Fund'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Fund {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_5 }
CALL { UNWIND [r IN $rows WHERE r.type = 'GovernmentAgency'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:GovernmentAgency {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_6 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Person'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Person {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_7 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Product'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Product {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_8 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Region'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Region {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_9 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Program'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Program {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_10 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Event'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Event {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_11 }
CALL { UNWIND [r IN $rows WHERE r.type = 'Task'] AS row OPTIONAL MATCH (old:Entity {id: row.id}) WITH row WHERE old IS NULL CREATE (e:Entity:Task {id: row.id}) SET e.type = row.type, e.name = row.name RETURN count(*) AS created_12 }
RETURN created_0 + created_1 + created_2 + created_3 + created_4 + created_5 + created_6 + created_7 + created_8 + created_9 + created_10 + created_11 + created_12 AS created
