// params: target, using, kinds, relations, minStrength, role, asOf, law, condition, viewer
// How far requirements of the `using` frameworks cover each requirement of $target.
// Read from the covering side: EQUAL or SUPERSET_OF is FULL, SUBSET_OF or INTERSECTS_WITH is
// PARTIAL; NOT_RELATED, deprecated and inferred mappings never count. A requirement is also
// covered through the provisions under it (an article through its paragraphs and points):
// FULL when every lowest provision under it is FULL, PARTIAL when any of them has a hit.
// Only provisions in force under the law of day $law count (target and using side); $role,
// $asOf and $condition narrow them to what binds that role and applies on that date.
MATCH (t:Requirement {framework: $target})
WHERE ($kinds IS NULL OR t.kind IN $kinds)
  AND (t.org IS NULL OR $viewer.admin OR t.org IN $viewer.orgs)
  AND {{in-force t}}
WITH t ORDER BY t.order
CALL (t) {
  MATCH (d:Requirement)-[:PART_OF*0..4]->(t)
  WHERE d = t OR {{in-force d}}
  OPTIONAL MATCH (d)-[m:MAPS_TO]-(u:Requirement)
  WHERE u.framework IN $using
    AND m.status <> 'deprecated' AND NOT coalesce(m.inferred, false)
    AND ($minStrength IS NULL OR m.strength >= $minStrength)
    AND (u.org IS NULL OR $viewer.admin OR u.org IN $viewer.orgs)
    AND {{in-force u}}
  WITH d, m, u, CASE WHEN startNode(m) = u THEN m.relation ELSE m.inverseRelation END AS relation
  ORDER BY m.strength DESC, u.framework, u.order
  WITH d, collect(CASE WHEN m IS NOT NULL AND relation <> 'NOT_RELATED' AND ($relations IS NULL OR relation IN $relations)
                       THEN {relation: relation, via: d.id, source: u {.*},
                             mapping: m {.*, subject: startNode(m).id, object: endNode(m).id}} END) AS hits
  WITH d, hits, any(h IN hits WHERE h.relation IN ['EQUAL', 'SUPERSET_OF']) AS full,
       d <> t AND NOT EXISTS { (:Requirement)-[:PART_OF]->(d) } AS leaf
  ORDER BY d.order
  RETURN reduce(acc = [], h IN collect(hits) | acc + h) AS hits,
         any(x IN collect({d: d = t, full: full}) WHERE x.d AND x.full) AS fullHere,
         sum(CASE WHEN leaf THEN 1 ELSE 0 END) AS leaves,
         sum(CASE WHEN leaf AND full THEN 1 ELSE 0 END) AS fullLeaves
}
WITH t, hits,
     CASE WHEN fullHere OR (leaves > 0 AND fullLeaves = leaves) THEN 'FULL'
          WHEN size(hits) > 0 THEN 'PARTIAL' ELSE 'NONE' END AS status
RETURN t {.*} AS requirement, status, hits
