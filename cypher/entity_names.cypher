// Every entity's id, name, aliases and type: what the name resolver (graph/resolver.py) indexes, once per graph load.
// params: {}
MATCH (e:Entity)
RETURN e.id AS id, e.name AS name, e.aliases AS aliases, e.type AS type
