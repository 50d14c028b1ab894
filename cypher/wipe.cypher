// Delete every node and relationship (tests; starting a store afresh). Keeps the schema. Documents' texts go
// first: ArcadeDB reads the whole node again for every relationship it unlinks.
// params: {}
MATCH (d:Document)
SET d.text = null
WITH count(*) AS emptied
MATCH (n)
DETACH DELETE n
