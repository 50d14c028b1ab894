// Bloom search phrase "提及 $org 的文档": the documents that mention the named entity.
// params: {"org": "同济大学附属东方医院"}
MATCH (d:Document)-[m:MENTIONS]->(o:Entity {name: $org})
RETURN d, m, o
