// Bloom search phrase "Partners of $org": everything the named entity cooperates with.
// params: {"org": "同济大学附属东方医院"}
MATCH (o:Entity {name: $org})-[r:COOPERATES_WITH]-(p:Entity)
RETURN o, r, p
