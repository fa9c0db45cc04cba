// params: from, to, kinds, imposing, relations, minStrength, includeInferred, viewer, requirementProps, mappingProps
// For every requirement of $from (of $kinds or, by default, the lowest provisions that impose
// something, so an article and its paragraphs are not listed side by side; in document order):
// what it maps to in $to. Relations are read from the $from side. The same roll-up and roll-down
// as coverage: hits on the provisions under a requirement count for it (`via` says where), and
// a requirement with no mapping into $to of its own, nor under it, inherits its ancestors'
// hits, marked `inherited`. Inferred hits use only compositions that are sound for sets:
// A EQUAL B, B r C gives A r C (either side EQUAL), and SUBSET_OF/SUPERSET_OF chains.
// Requirements and mappings come back as the values of $requirementProps / $mappingProps, in that
// order (what the GraphQL selection reads, server/selection.py): graph/reads.py names them.
MATCH (a:Requirement {framework: $from})
WHERE CASE WHEN $kinds IS NULL
           THEN a.kind IN $imposing AND NOT EXISTS { (c:Requirement)-[:PART_OF]->(a) WHERE c.kind IN $imposing }
           ELSE a.kind IN $kinds END
  AND {{ visible a }}
WITH a ORDER BY a.order
CALL (a) {
  CALL (a) {
    MATCH (d:Requirement)-[:PART_OF*0..4]->(a) RETURN d, false AS up
    UNION
    MATCH (a)-[:PART_OF*1..4]->(d:Requirement) RETURN d, true AS up
  }
  MATCH (d)-[m:MAPS_TO]-(c:Requirement {framework: $to})
  WHERE m.status <> 'deprecated'
    AND ($minStrength IS NULL OR m.strength >= $minStrength)
    AND {{ visible c }}
  WITH d, up, m, c, CASE WHEN startNode(m) = d THEN m.relation ELSE m.inverseRelation END AS relation
  WITH collect({up: up, hit: CASE WHEN $relations IS NULL OR relation IN $relations THEN
                  {relation: relation, strength: m.strength, confidence: m.confidence, inferred: false, via: d.id,
                   inherited: up, target: [k IN $requirementProps | c[k]], via_mappings: [{subject: startNode(m).id, object: endNode(m).id, props: [k IN $mappingProps | m[k]]}]} END}) AS all
  WITH [x IN all WHERE NOT x.up] AS own, [x IN all WHERE x.up AND x.hit IS NOT NULL | x.hit] AS above
  RETURN [x IN own WHERE x.hit IS NOT NULL | x.hit] + CASE WHEN size(own) = 0 THEN above ELSE [] END AS asserted
}
CALL (a) {
  OPTIONAL MATCH (a)-[m1:MAPS_TO]-(b:Requirement)-[m2:MAPS_TO]-(c:Requirement {framework: $to})
  WHERE $includeInferred AND a <> c AND b.framework <> $to
    AND m1.status <> 'deprecated' AND m2.status <> 'deprecated'
    AND {{ visible b }}
    AND {{ visible c }}
    AND NOT EXISTS { (a)-[:MAPS_TO]-(c) }
  WITH a, c, m1, m2,
       CASE WHEN startNode(m1) = a THEN m1.relation ELSE m1.inverseRelation END AS r1,
       CASE WHEN startNode(m2) = c THEN m2.inverseRelation ELSE m2.relation END AS r2
  WITH a, c, m1, m2, CASE WHEN r1 = 'EQUAL' THEN r2 WHEN r2 = 'EQUAL' THEN r1
                       WHEN r1 = r2 AND r1 IN ['SUBSET_OF', 'SUPERSET_OF'] THEN r1 END AS relation
  WHERE relation IS NOT NULL AND relation <> 'NOT_RELATED'
    AND ($relations IS NULL OR relation IN $relations)
    AND ($minStrength IS NULL OR CASE WHEN m1.strength < m2.strength THEN m1.strength ELSE m2.strength END >= $minStrength)
  WITH a, c, relation, m1, m2 ORDER BY c.order, m1.id, m2.id
  RETURN collect({relation: relation,
                  strength: CASE WHEN m1.strength < m2.strength THEN m1.strength ELSE m2.strength END,
                  confidence: m1.confidence * m2.confidence, inferred: true, via: a.id, inherited: false, target: [k IN $requirementProps | c[k]],
                  via_mappings: [{subject: startNode(m1).id, object: endNode(m1).id, props: [k IN $mappingProps | m1[k]]},
                        {subject: startNode(m2).id, object: endNode(m2).id, props: [k IN $mappingProps | m2[k]]}]}) AS inferred
}
RETURN [k IN $requirementProps | a[k]] AS requirement, asserted + inferred AS hits
