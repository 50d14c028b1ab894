// Link a document to the entities it mentions. `surface`, `starts`, `ends` are parallel lists, one
// item per mention; `name` and `forms` are the document's canonical name and every form it uses.
// Returns how many rows found their entity.
// params: {"doc_id": "0000", "rows": [{"key": "Hospital:东方医院", "props": {"name": "东方医院", "forms": ["东方医院"], "surface": ["东方医院"], "starts": [6], "ends": [10], "ambiguous": false}}]}
MATCH (d:Document {id: $doc_id})
UNWIND $rows AS row
MATCH (e:Entity {id: row.key})
MERGE (d)-[m:MENTIONS]->(e)
SET m += row.props
RETURN count(*) AS written
