// Bloom search phrase "Hospitals partnering with $org": hospitals that cooperate with the named entity.
// params: {"org": "中国科学院上海药物研究所"}
MATCH (o:Entity {name: $org})-[r:COOPERATES_WITH]-(h:Hospital)
RETURN o, r, h
