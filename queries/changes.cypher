// params: framework, since, until, includeProposals, viewer
// What amendments inserted, replaced, repealed or re-dated in $framework with effect between
// $since and $until (proposals, which have no effective date, only when asked for), with the
// mappings of each changed provision that need review, and the organisations' mappings to it
// that the viewer may see (their control-set coverage is affected by any change).
MATCH (:Framework {id: $framework})<-[:AMENDS]-(a:Amendment)-[:MAKES]->(c:Change)
WHERE CASE WHEN a.status = 'proposal' THEN $includeProposals
           ELSE ($since IS NULL OR c.effective >= $since) AND ($until IS NULL OR c.effective <= $until) END
OPTIONAL MATCH (c)-[:CHANGES]->(r:Requirement)
CALL (r) {
  OPTIONAL MATCH (r)-[m:MAPS_TO]-(o:Requirement)
  WHERE (m.needsReview OR m.org IS NOT NULL) AND {{ visible o }}
  WITH m ORDER BY m.id
  RETURN collect(m {.*, subject: startNode(m).id, object: endNode(m).id}) AS mappings
}
RETURN c {.*} AS change, a {.*} AS amendment, r {.*} AS requirement,
       [m IN mappings WHERE m.needsReview] AS needsReview,
       [m IN mappings WHERE m.org IS NOT NULL] AS organisationMappings
ORDER BY coalesce(c.effective, date('9999-12-31')), a.id, c.order
