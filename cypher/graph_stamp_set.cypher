// Mark the graph changed: every ecokg write of documents, entities or their metrics sets a new stamp after it
// commits, so a reader asks this one node whether anything changed instead of reading every document.
// params: {"stamp": "5f0c2a9e4b7d1c36"}
MERGE (v:GraphStamp {id: 'graph'})
SET v.stamp = $stamp
RETURN v.stamp AS stamp
