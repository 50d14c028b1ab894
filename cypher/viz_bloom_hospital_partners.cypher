// Bloom search phrase "与 $org 合作的医院": hospitals that cooperate with or are affiliated to the named entity,
// the relations GET /partners follows for a partnership (a university's affiliated hospitals are its partners).
// params: {"org": "中国科学院上海药物研究所"}
MATCH (o:Entity {name: $org})-[r:COOPERATES_WITH|AFFILIATED_WITH]-(h:Hospital)
RETURN o, r, h
