// params: frameworks, minFrameworks, relations, minStrength, role, asOf, law, condition, skip, limit, viewer
// Requirements that cover requirements of at least $minFrameworks other frameworks, ranked by
// frameworks, then total strength, then id: the total, and the page [$skip, $skip + $limit).
// Each mapping is read from the candidate's side (inverseRelation when walked backwards):
// EQUAL or SUPERSET_OF of substance covers fully, any other hit partly, NOT_RELATED never.
// The ranking is computed on node and relationship references and numbers only; property maps
// and the substance check are built for the page alone, so a page costs the same at any size.
// Candidates: every requirement, or those of $frameworks through the framework index (the two
// branches are gated so the planner sees each filter on its own).
CALL () {
  UNWIND CASE WHEN $frameworks IS NULL THEN [true] ELSE [] END AS everyFramework
  MATCH (c:Requirement)
  RETURN c
  UNION ALL
  MATCH (c:Requirement)
  WHERE c.framework IN $frameworks
  RETURN c
}
// in force under the law of $law; role/asOf/condition narrow a regulation to what binds then
WITH c WHERE {{ visible c }} AND {{in-force c}}
MATCH (c)-[m:MAPS_TO]-(t:Requirement)
WHERE t.framework <> c.framework
  AND NOT coalesce(m.inferred, false)
  AND m.status <> 'deprecated'
  AND ($frameworks IS NULL OR t.framework IN $frameworks)
  AND ($minStrength IS NULL OR m.strength >= $minStrength)
  AND {{ visible t }}
  AND {{in-force t}}
WITH c, t, m, CASE WHEN startNode(m) = c THEN m.relation ELSE m.inverseRelation END AS relation
WHERE relation <> 'NOT_RELATED' AND ($relations IS NULL OR relation IN $relations)
WITH c, t.framework AS framework, sum(m.strength) AS strength, collect({t: t, m: m, relation: relation}) AS pairs
WITH c, count(framework) AS frameworkCount, sum(strength) AS totalStrength,
     collect({framework: framework, strength: strength, pairs: pairs}) AS perFramework
WHERE frameworkCount >= $minFrameworks
WITH c, frameworkCount, totalStrength, perFramework
ORDER BY frameworkCount DESC, totalStrength DESC, c.id
WITH collect({c: c, frameworkCount: frameworkCount, totalStrength: totalStrength, perFramework: perFramework}) AS ranked
WITH size(ranked) AS total, ranked[$skip..($skip + $limit)] AS page
CALL (page) {
  UNWIND range(0, size(page) - 1) AS i
  WITH i, page[i] AS p
  UNWIND p.perFramework AS f
  UNWIND f.pairs AS pair
  WITH i, p.c AS c, p.frameworkCount AS frameworkCount, p.totalStrength AS totalStrength,
       f.framework AS framework, f.strength AS strength, pair.t AS t, pair.m AS m, pair.relation AS relation
  // FULL needs substance, as in coverage: EQUAL/SUPERSET_OF of FUNCTIONAL rationale, or SEMANTIC where
  // nobody assessed the pair functionally; a SYNTACTIC equivalence is shared structure, PARTIAL.
  WITH i, c, frameworkCount, totalStrength, framework, strength, t, m, relation,
       relation IN ['EQUAL', 'SUPERSET_OF'] AND (m.rationale = 'FUNCTIONAL' OR (m.rationale = 'SEMANTIC' AND NOT EXISTS {
         (c)-[x:MAPS_TO {rationale: 'FUNCTIONAL'}]-(t) WHERE x.status <> 'deprecated' })) AS substantive
  ORDER BY i, framework, t.order, m.id
  WITH i, c, frameworkCount, totalStrength, framework, strength,
       collect({requirement: t {.*}, relation: relation, rationale: m.rationale, strength: m.strength, mapping: m.id,
                order: t.order, substantive: substantive}) AS hits
  ORDER BY i, framework
  WITH i, c, frameworkCount, totalStrength,
       collect({framework: framework, strength: strength, hits: hits,
                coverage: CASE WHEN any(h IN hits WHERE h.substantive) THEN 'FULL' ELSE 'PARTIAL' END}) AS perFramework
  ORDER BY i
  RETURN collect({requirement: c {.*}, frameworkCount: frameworkCount, totalStrength: totalStrength,
                  perFramework: perFramework}) AS rows
}
RETURN total, rows
