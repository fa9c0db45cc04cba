// params: target, using, kinds, relations, minStrength, role, asOf, viewer
// How far requirements of the `using` frameworks cover each requirement of $target.
// Read from the covering side: EQUAL or SUPERSET_OF is FULL, SUBSET_OF or INTERSECTS_WITH is
// PARTIAL; NOT_RELATED, deprecated and inferred mappings never count. $role and $asOf narrow a
// regulation (target or using side) to what binds that role and applies on that date.
MATCH (t:Requirement {framework: $target})
WHERE ($kinds IS NULL OR t.kind IN $kinds)
  AND (t.org IS NULL OR $viewer.admin OR t.org IN $viewer.orgs)
  AND ($role IS NULL OR $role IN coalesce(t.roles, []) OR NOT EXISTS { (t)-[:IN_FRAMEWORK]->(:Framework {kind: 'regulation'}) })
  AND ($asOf IS NULL OR t.appliesFrom IS NULL OR t.appliesFrom <= $asOf)
WITH t ORDER BY t.order
CALL (t) {
  OPTIONAL MATCH (t)-[m:MAPS_TO]-(u:Requirement)
  WHERE u.framework IN $using
    AND m.status <> 'deprecated' AND NOT coalesce(m.inferred, false)
    AND ($minStrength IS NULL OR m.strength >= $minStrength)
    AND (u.org IS NULL OR $viewer.admin OR u.org IN $viewer.orgs)
    AND ($role IS NULL OR $role IN coalesce(u.roles, []) OR NOT EXISTS { (u)-[:IN_FRAMEWORK]->(:Framework {kind: 'regulation'}) })
    AND ($asOf IS NULL OR u.appliesFrom IS NULL OR u.appliesFrom <= $asOf)
  WITH m, u, CASE WHEN startNode(m) = u THEN m.relation ELSE m.inverseRelation END AS relation
  WHERE relation <> 'NOT_RELATED' AND ($relations IS NULL OR relation IN $relations)
  WITH m, u, relation ORDER BY m.strength DESC, u.framework, u.order
  RETURN collect({relation: relation, source: u {.*},
                  mapping: m {.*, subject: startNode(m).id, object: endNode(m).id}}) AS hits
}
WITH t, hits,
     CASE WHEN any(h IN hits WHERE h.relation IN ['EQUAL', 'SUPERSET_OF']) THEN 'FULL'
          WHEN size(hits) > 0 THEN 'PARTIAL' ELSE 'NONE' END AS status
RETURN t {.*} AS requirement, status, hits
