// params: ids, law, viewer
// Keeps sharedControls' stored ranking (graph/shared_controls.py) equal to what shared-controls.cypher
// computes for its default question: the public viewer ($viewer), no filter, the law of a day in
// [lawFrom, lawTo) of the SharedControlRanking node. One SharedControlRank {id, frameworks, strength}
// per requirement whose asserted mappings reach at least one other framework, with the same counting:
// frameworks = other frameworks reached, strength = total strength, each mapping read from that end.
// $ids: the requirements whose mappings changed (both ends of each), recomputed alone when the stored
// interval holds $law; otherwise (or $ids null) every requirement, for the interval around $law.
CALL () {
  OPTIONAL MATCH (s:SharedControlRanking {id: 'public'})
  RETURN $ids IS NOT NULL AND s IS NOT NULL AND s.lawFrom <= $law AND $law < s.lawTo AS incremental
}
// the interval of days around $law in which no provision's text starts or ends (without a boundary on a
// side: the first or last day a date can name)
CALL (incremental) {
  WITH incremental WHERE NOT incremental
  CALL () {
    OPTIONAL MATCH (v:ProvisionVersion)
    UNWIND [v.validFrom, v.validTo] AS day
    RETURN coalesce(max(CASE WHEN day <= $law THEN day END), date('0001-01-01')) AS lawFrom,
           coalesce(min(CASE WHEN day > $law THEN day END), date('9999-12-31')) AS lawTo
  }
  MERGE (s:SharedControlRanking {id: 'public'})
  SET s.law = $law, s.lawFrom = lawFrom, s.lawTo = lawTo
  WITH lawFrom
  MATCH (x:SharedControlRank)
  WHERE NOT EXISTS { MATCH (:Requirement {id: x.id}) }
  DELETE x
}
// what to recompute: every requirement, or the listed ones, each write-locked before it is read, so
// of two writes to one requirement's mappings the later counts both
CALL (incremental) {
  UNWIND CASE WHEN incremental THEN [] ELSE [true] END AS everything
  MATCH (c:Requirement)
  RETURN c
  UNION ALL
  UNWIND CASE WHEN incremental THEN $ids ELSE [] END AS id
  MATCH (c:Requirement {id: id})
  SET c._lock = true
  REMOVE c._lock
  RETURN c
}
WITH collect(c) AS todo
UNWIND todo AS c
// the same filters as shared-controls.cypher with no filter arguments (in force = in the text on $law)
CALL (c) {
  WITH c WHERE {{ visible c }} AND {{in-text c}}
  MATCH (c)-[m:MAPS_TO]-(t:Requirement)
  WHERE c.framework <> t.framework AND NOT coalesce(m.inferred, false) AND m.status <> 'deprecated'
    AND CASE WHEN startNode(m) = c THEN m.relation ELSE m.inverseRelation END <> 'NOT_RELATED'
    AND {{ visible t }} AND {{in-text t}}
  WITH t.framework AS framework, sum(m.strength) AS strength
  RETURN count(framework) AS frameworks, sum(strength) AS strength
}
OPTIONAL MATCH (x:SharedControlRank {id: c.id})
WITH c, frameworks, strength, x
WHERE (x IS NULL AND frameworks > 0)
   OR (x IS NOT NULL AND (frameworks = 0 OR x.frameworks <> frameworks OR x.strength <> strength))
CALL (x) {
  WITH x WHERE x IS NOT NULL
  DELETE x
}
CALL (c, frameworks, strength) {
  WITH c, frameworks, strength WHERE frameworks > 0
  CREATE (:SharedControlRank {id: c.id, frameworks: frameworks, strength: strength})
}
RETURN count(*) AS changed
