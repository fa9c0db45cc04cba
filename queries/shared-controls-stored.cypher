// params: minFrameworks, law, skip, limit, viewer, requirementProps
// sharedControls' default question (no filter but $law and the viewer) from the stored ranking that
// shared-controls-refresh.cypher keeps: an index range seek and a top-k sort instead of aggregating every
// mapping. `usable` is false, and total and rows empty, when the stored ranking does not answer for this
// day or viewer: $law outside [lawFrom, lawTo), or a viewer who may see organisation data with mappings.
// Then graph/reads.py asks shared-controls.cypher; both give the same answer (tests/test_shared_controls.py).
// Requirements come back as the values of $requirementProps, as in shared-controls.cypher.
// `held`: the stored ranking holds for $law (graph/reads.py renews it when today has left the interval).
CALL () {
  OPTIONAL MATCH (s:SharedControlRanking {id: 'public'})
  WITH s IS NOT NULL AND s.lawFrom <= $law AND $law < s.lawTo AS held
  RETURN held, held AND NOT (($viewer.admin OR size($viewer.orgs) > 0) AND EXISTS {
           MATCH (o:Requirement)-[:MAPS_TO]-() WHERE o.org IS NOT NULL AND {{ visible o }} }) AS usable
}
CALL (usable) {
  WITH usable WHERE usable
  MATCH (x:SharedControlRank)
  WHERE x.frameworks >= $minFrameworks AND x.strength IS NOT NULL
  RETURN count(x) AS total
}
CALL (usable) {
  WITH usable WHERE usable
  MATCH (x:SharedControlRank)
  WHERE x.frameworks >= $minFrameworks AND x.strength IS NOT NULL
  WITH x ORDER BY x.frameworks DESC, x.strength DESC, x.id SKIP $skip LIMIT $limit
  RETURN collect(x) AS page
}
// The page's detail, as shared-controls.cypher builds it: each counted mapping read from the page's end
CALL (page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i] AS x, page[i].id AS id  // an id value, so the planner seeks each requirement by it
  MATCH (c:Requirement {id: id})-[m:MAPS_TO]-(t:Requirement)
  WHERE c.framework <> t.framework AND NOT coalesce(m.inferred, false) AND m.status <> 'deprecated'
    AND {{ visible t }} AND {{in-text t}}
  WITH i, x, c, t, m, t.framework AS framework,
       CASE WHEN startNode(m) = c THEN m.relation ELSE m.inverseRelation END AS relation
  WHERE relation <> 'NOT_RELATED'
  // FULL needs substance, as in coverage: EQUAL/SUPERSET_OF of FUNCTIONAL rationale, or SEMANTIC where
  // nobody assessed the pair functionally; a SYNTACTIC equivalence is shared structure, PARTIAL.
  WITH i, x, c, framework, t, m, relation,
       relation IN ['EQUAL', 'SUPERSET_OF'] AND (m.rationale = 'FUNCTIONAL' OR (m.rationale = 'SEMANTIC' AND NOT EXISTS {
         (c)-[y:MAPS_TO {rationale: 'FUNCTIONAL'}]-(t) WHERE y.status <> 'deprecated' })) AS substantive
  ORDER BY i, framework, t.order, m.id
  WITH i, x, c, framework, sum(m.strength) AS strength,
       collect({requirement: [k IN $requirementProps | t[k]], relation: relation, rationale: m.rationale, strength: m.strength, mapping: m.id,
                order: t.order, substantive: substantive}) AS hits
  ORDER BY i, framework
  WITH i, x, c,
       collect({framework: framework, strength: strength, hits: hits,
                coverage: CASE WHEN any(h IN hits WHERE h.substantive) THEN 'FULL' ELSE 'PARTIAL' END}) AS perFramework
  ORDER BY i
  RETURN collect({requirement: [k IN $requirementProps | c[k]], frameworkCount: x.frameworks, totalStrength: x.strength,
                  perFramework: perFramework}) AS rows
}
RETURN held, usable, total, rows
