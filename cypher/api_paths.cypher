// Shortest paths between two entities over the relation types (never through documents), at most 6 hops;
// `max_hops` narrows that (a variable-length bound cannot be a parameter). One row per path, node ids and hop types.
// Both ends are ids the API's name index resolved, each found through the unique id index.
// Not over LOCATED_IN: every two organisations of one district would be two hops apart through it.
// params: {"from": "University:同济大学", "to": "ResearchInstitute:药物所", "max_hops": 4, "limit": 100}
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[:COOPERATES_WITH|FUNDS|RESPONSIBLE_FOR|AFFILIATED_WITH|PART_OF*..6]-(b))
WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | {id: n.id, name: n.name, type: n.type, aliases: n.aliases}] AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).id, target: endNode(r).id}] AS hops
LIMIT $limit
