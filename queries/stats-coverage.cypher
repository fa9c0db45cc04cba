// params: framework, kinds, under, target, countNotRelated, notRelatedIfUnbound
// For each requirement of the given kinds (in $framework, or any when null; below one of the
// $under requirements, or anywhere when null): does it have a live mapping, in either
// direction, to $target (or to any other framework when null)? NOT_RELATED counts only
// when $countNotRelated, or (with $notRelatedIfUnbound) for provisions that bind no operator,
// such as duties of the Commission or national authorities: an explicit non-match is an
// answer there, while an obligation on organisations needs a real mapping. A provision repealed
// by today has nothing left to cover.
MATCH (r:Requirement)
WHERE r.kind IN $kinds
  AND NOT EXISTS { (r)<-[:CHANGES]-(c:Change {action: 'repeals'})<-[:MAKES]-(a:Amendment)
                   WHERE a.status <> 'proposal' AND c.effective <= date() }
  AND ($framework IS NULL OR r.framework = $framework)
  AND ($under IS NULL OR EXISTS { MATCH (r)-[:PART_OF*1..]->(a:Requirement) WHERE a.id IN $under })
RETURN r.id AS id,
       EXISTS {
         MATCH (r)-[m:MAPS_TO]-(o:Requirement)
         WHERE o.framework <> r.framework
           AND ($target IS NULL OR o.framework = $target)
           AND m.status <> 'deprecated'
           AND ($countNotRelated OR m.relation <> 'NOT_RELATED'
                OR ($notRelatedIfUnbound AND size(coalesce(r.roles, [])) = 0))
       } AS covered
ORDER BY r.framework, r.order
