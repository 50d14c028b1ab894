// Bloom search phrase "$org 的合作伙伴": everything the named entity cooperates with or is affiliated to,
// as GET /partners links them.
// params: {"org": "同济大学附属东方医院"}
MATCH (o:Entity {name: $org})-[r:COOPERATES_WITH|AFFILIATED_WITH]-(p:Entity)
RETURN o, r, p
