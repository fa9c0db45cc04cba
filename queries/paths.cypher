// params: from, to, maxHops, viewer
// The shortest chains of asserted mappings between two requirements, up to $maxHops (at most 5).
// A requirement answers through the provisions under it (roll-up: an article through its
// paragraphs and points) and, marked inherited, through the provisions above it (roll-down:
// a subclause through its clause's mappings). Chains that start or end nearer the asked
// requirements come first. NOT_RELATED and deprecated mappings are not links; hidden
// organisations' controls are not stops.
MATCH (a0:Requirement {id: $from}), (b0:Requirement {id: $to})
CALL (a0) {
  MATCH (a:Requirement)-[:PART_OF*0..4]->(a0) RETURN a, false AS aUp
  UNION
  MATCH (a0)-[:PART_OF*1..4]->(a:Requirement) RETURN a, true AS aUp
}
CALL (b0) {
  MATCH (b:Requirement)-[:PART_OF*0..4]->(b0) RETURN b, false AS bUp
  UNION
  MATCH (b0)-[:PART_OF*1..4]->(b:Requirement) RETURN b, true AS bUp
}
WITH a0, b0, a, b, aUp OR bUp AS inherited, a = a0 AND b = b0 AS exact
WHERE a <> b AND EXISTS { (a)-[:MAPS_TO]-() } AND EXISTS { (b)-[:MAPS_TO]-() }
MATCH p = allShortestPaths((a)-[:MAPS_TO*..5]-(b))
WHERE length(p) <= $maxHops
  AND all(m IN relationships(p) WHERE m.relation <> 'NOT_RELATED' AND m.status <> 'deprecated')
  AND all(n IN nodes(p) WHERE {{ visible n }})
  AND none(n IN nodes(p)[1..-1] WHERE n = a0 OR n = b0)
WITH p, inherited, exact
ORDER BY length(p), exact DESC, inherited, [n IN nodes(p) | n.order]
LIMIT 25
WITH p, inherited, nodes(p) AS ns, relationships(p) AS ms
RETURN inherited, [i IN range(0, size(ms) - 1) |
         {from: ns[i].id, to: ns[i + 1].id,
          relationFromHere: CASE WHEN startNode(ms[i]) = ns[i] THEN ms[i].relation ELSE ms[i].inverseRelation END,
          mapping: properties(ms[i]), subject: startNode(ms[i]).id, object: endNode(ms[i]).id}] AS hops
