// Append a piece of a large document's text: the text goes over Bolt in pieces, each message under its size limit.
// params: {"id": "0000", "piece": "（续）"}
MATCH (d:Document {id: $id})
SET d.text = d.text + $piece
RETURN d.id AS id
