// Link documents to the entities they mention. `surface`, `starts`, `ends` are parallel lists, one item per
// mention; `name` and `forms` are the document's canonical name and every form it uses. Returns how many rows
// found their document and entity. CREATE, not MERGE: the loader writes a document's mentions once, right after
// deleting its old version, so none exists yet (MERGE would scan every mention of a much-mentioned entity).
// params: {"rows": [{"doc_id": "0000", "key": "Hospital:东方医院", "props": {"name": "东方医院", "forms": ["东方医院"], "surface": ["东方医院"], "starts": [0], "ends": [4], "ambiguous": false}}]}
UNWIND $rows AS row
MATCH (d:Document {id: row.doc_id})
MATCH (e:Entity {id: row.key})
CREATE (d)-[m:MENTIONS]->(e)
SET m = row.props
RETURN count(*) AS written
