// Delete every node and relationship (tests; starting a store afresh). Keeps the schema.
// params: {}
MATCH (n)
DETACH DELETE n
