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
WITH c, a, r, mappings ORDER BY coalesce(c.effective, date('9999-12-31')), a.id, c.order
// One record: the changes in order, each naming its amendment, and each amendment once (an act's record,
// its verification notes included, is ~2 KB and makes hundreds of changes: repeated, the query was 30% slower)
RETURN collect({change: c {.*}, amendment: a.id, requirement: r {.*},
                needsReview: [m IN mappings WHERE m.needsReview],
                organisationMappings: [m IN mappings WHERE m.org IS NOT NULL]}) AS changes,
       [x IN collect(DISTINCT a) | x {.*}] AS amendments
