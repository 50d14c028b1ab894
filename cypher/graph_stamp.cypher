// The graph's change stamp (graph_stamp_set); no row when nothing has set one yet (a graph an older ecokg wrote).
// params: {}
MATCH (v:GraphStamp {id: 'graph'})
RETURN v.stamp AS stamp
