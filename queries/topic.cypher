// params: concept, includeNarrower, frameworks, viewer
// Requirements that address a concept (and, if asked, its narrower concepts), grouped by framework.
MATCH (c:Concept {id: $concept})
MATCH (n:Concept)-[:BROADER*0..5]->(c)
WHERE $includeNarrower OR n = c
MATCH (r:Requirement)-[:ADDRESSES]->(n)
WHERE ($frameworks IS NULL OR r.framework IN $frameworks)
  AND (r.org IS NULL OR $viewer.admin OR r.org IN $viewer.orgs)
WITH DISTINCT r ORDER BY r.framework, r.order
WITH r.framework AS framework, collect(r {.*}) AS requirements
RETURN framework, requirements
ORDER BY framework
