// params: concept, includeNarrower, frameworks, viewer
// A concept with the requirements that address it (and, if asked, its narrower concepts),
// grouped by framework; no row when the concept is unknown.
MATCH (c:Concept {id: $concept})
CALL (c) {
  MATCH (n:Concept)-[:BROADER*0..5]->(c)
  WHERE $includeNarrower OR n = c
  MATCH (r:Requirement)-[:ADDRESSES]->(n)
  WHERE ($frameworks IS NULL OR r.framework IN $frameworks)
    AND {{ visible r }}
  WITH DISTINCT r ORDER BY r.framework, r.order
  WITH r.framework AS framework, collect(r {.*}) AS requirements
  ORDER BY framework
  RETURN collect({framework: framework, requirements: requirements}) AS groups
}
RETURN c {.*, broader: [(c)-[:BROADER]->(b) | b.id],
           requirementCount: COUNT { MATCH (r:Requirement)-[:ADDRESSES]->(c)
                                     WHERE {{ visible r }} }} AS concept,
       groups
