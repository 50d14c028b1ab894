// Bloom search phrase "$org 所在的社区": the relations inside the named entity's Louvain community
// (the `community` property `ecokg analyze` writes), capped for drawing.
// params: {"org": "同济大学附属东方医院"}
MATCH (o:Entity {name: $org})
MATCH (a:Entity {community: o.community})-[r]->(b:Entity {community: o.community})
RETURN a, r, b
LIMIT 500
