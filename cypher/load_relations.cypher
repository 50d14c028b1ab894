// One relationship per (source, type, target, document) for a batch of one type: `doc` is the document id,
// the other properties are that document's evidence. {label} is the type (types cannot be parameters:
// graph.cypher.load_labelled puts in one of the record types). Returns how many rows found both ends, so
// the loader can refuse a batch that names a missing entity. CREATE, not MERGE: the loader writes a document's
// relations once (one per fact), right after deleting its old version, so none exists yet, and MERGE would scan
// every relationship of a much-related entity.
// label: AFFILIATED_WITH
// params: {"rows": [{"source": "Hospital:东方医院", "target": "University:同济大学", "type": "AFFILIATED_WITH", "doc": "0000", "props": {"evidence": "同济大学附属东方医院", "start": 0, "end": 10, "rule": "affiliated", "confidence": 0.9, "status": "asserted", "date": "2025-01-01", "doc_name": "sample.txt"}}]}
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
CREATE (a)-[r:{label} {doc: row.doc}]->(b)
SET r += row.props
RETURN count(*) AS written
