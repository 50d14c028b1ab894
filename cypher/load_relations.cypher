// One relationship per (source, type, target, document): `doc` is the document id, the other
// properties are that document's evidence. Returns how many rows found both ends, so the loader
// can refuse a batch that names a missing entity. One subquery per type: types cannot be parameters.
// params: {"rows": [{"source": "Hospital:东方医院", "target": "University:复旦大学", "type": "AFFILIATED_WITH", "doc": "0000", "props": {"evidence": "复旦大学附属东方医院", "start": 0, "end": 10, "rule": "affiliated", "confidence": 0.9, "status": "asserted", "date": "2025-01-01", "doc_name": "sample.txt"}}]}
CALL { UNWIND [r IN $rows WHERE r.type = 'COOPERATES_WITH'] AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[r:COOPERATES_WITH {doc: row.doc}]->(b) SET r += row.props RETURN count(*) AS written_0 }
CALL { UNWIND [r IN $rows WHERE r.type = 'FUNDS'] AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[r:FUNDS {doc: row.doc}]->(b) SET r += row.props RETURN count(*) AS written_1 }
CALL { UNWIND [r IN $rows WHERE r.type = 'RESPONSIBLE_FOR'] AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[r:RESPONSIBLE_FOR {doc: row.doc}]->(b) SET r += row.props RETURN count(*) AS written_2 }
CALL { UNWIND [r IN $rows WHERE r.type = 'AFFILIATED_WITH'] AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[r:AFFILIATED_WITH {doc: row.doc}]->(b) SET r += row.props RETURN count(*) AS written_3 }
CALL { UNWIND [r IN $rows WHERE r.type = 'PART_OF'] AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[r:PART_OF {doc: row.doc}]->(b) SET r += row.props RETURN count(*) AS written_4 }
CALL { UNWIND [r IN $rows WHERE r.type = 'LOCATED_IN'] AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) MERGE (a)-[r:LOCATED_IN {doc: row.doc}]->(b) SET r += row.props RETURN count(*) AS written_5 }
RETURN written_0 + written_1 + written_2 + written_3 + written_4 + written_5 AS written
