// Bloom search phrase "资助 $org 的机构": who funds the named entity.
// params: {"org": "同济大学附属东方医院"}
MATCH (f:Entity)-[r:FUNDS]->(o:Entity {name: $org})
RETURN f, r, o
