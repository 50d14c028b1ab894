// The graph's constraints, by name (graph/schema.py creates those of schema.cypher the graph lacks).
// params: {}
SHOW CONSTRAINTS
