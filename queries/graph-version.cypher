// params:
// The graph version the response cache keys on (see graph-version-bump.cypher); null before the first write.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN v.token AS token, v.n AS n
