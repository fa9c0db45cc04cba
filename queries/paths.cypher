// params: from, to, maxHops, viewer
// The shortest chains of asserted mappings between two requirements, up to $maxHops (at most 5).
// NOT_RELATED and deprecated mappings are not links; hidden organisations' controls are not stops.
MATCH (a:Requirement {id: $from}), (b:Requirement {id: $to})
MATCH p = allShortestPaths((a)-[:MAPS_TO*..5]-(b))
WHERE length(p) <= $maxHops
  AND all(m IN relationships(p) WHERE m.relation <> 'NOT_RELATED' AND m.status <> 'deprecated')
  AND all(n IN nodes(p) WHERE n.org IS NULL OR $viewer.admin OR n.org IN $viewer.orgs)
WITH p LIMIT 25
WITH p, nodes(p) AS ns, relationships(p) AS ms
RETURN [i IN range(0, size(ms) - 1) |
         {from: ns[i].id, to: ns[i + 1].id,
          relationFromHere: CASE WHEN startNode(ms[i]) = ns[i] THEN ms[i].relation ELSE ms[i].inverseRelation END,
          mapping: properties(ms[i]), subject: startNode(ms[i]).id, object: endNode(ms[i]).id}] AS hops
