// params: frameworks, minFrameworks, relations, minStrength, role, asOf, law, condition, skip, limit, viewer, requirementProps
// Requirements that cover requirements of at least $minFrameworks other frameworks, ranked by
// frameworks, then total strength, then id: the total, and the page [$skip, $skip + $limit).
// Each mapping is read from the candidate's side (inverseRelation when walked backwards):
// EQUAL or SUPERSET_OF of substance covers fully, any other hit partly, NOT_RELATED never.
// The ranking is computed on node and relationship references and numbers only; property maps
// and the substance check are built for the page alone, so a page costs the same at any size.
// Requirements come back as the values of $requirementProps (the properties the selection reads).
// Every mapping is read once, from its subject (a relationship scan, or with $frameworks through the
// framework index: the two branches are gated so the planner sees each filter on its own), and the
// visibility and in-force checks run once per requirement (rows grouped by it), not once per mapping.
CALL () {
  UNWIND CASE WHEN $frameworks IS NULL THEN [true] ELSE [] END AS everyFramework
  MATCH ()-[m:MAPS_TO]->()
  RETURN startNode(m) AS a, m, endNode(m) AS b
  UNION ALL
  MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
  WHERE a.framework IN $frameworks AND b.framework IN $frameworks
  RETURN a, m, b
}
WITH a, m, b, a.framework AS fa, b.framework AS fb
WHERE fa <> fb
  AND NOT coalesce(m.inferred, false)
  AND m.status <> 'deprecated'
  AND ($minStrength IS NULL OR m.strength >= $minStrength)
// in force under the law of $law; role/asOf/condition narrow a regulation to what binds then
WITH a, fa, collect({m: m, b: b, fb: fb}) AS out
WHERE a:Requirement AND {{ visible a }} AND {{in-force a}}
UNWIND out AS o
WITH o.b AS b, o.fb AS fb, collect({m: o.m, a: a, fa: fa}) AS incoming
WHERE b:Requirement AND {{ visible b }} AND {{in-force b}}
UNWIND incoming AS i
// each mapping counts for both ends, read from that end (inverseRelation from the object)
WITH i.a AS a, i.fa AS fa, i.m AS m, b, fb, i.m.strength AS strength
UNWIND [{c: a, t: b, framework: fb, relation: m.relation}, {c: b, t: a, framework: fa, relation: m.inverseRelation}] AS side
WITH side.c AS c, side.t AS t, side.framework AS framework, m, strength, side.relation AS relation
WHERE relation <> 'NOT_RELATED' AND ($relations IS NULL OR relation IN $relations)
WITH c, framework, sum(strength) AS strength, collect({t: t, m: m, relation: relation}) AS pairs
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
       collect({requirement: [k IN $requirementProps | t[k]], relation: relation, rationale: m.rationale, strength: m.strength, mapping: m.id,
                order: t.order, substantive: substantive}) AS hits
  ORDER BY i, framework
  WITH i, c, frameworkCount, totalStrength,
       collect({framework: framework, strength: strength, hits: hits,
                coverage: CASE WHEN any(h IN hits WHERE h.substantive) THEN 'FULL' ELSE 'PARTIAL' END}) AS perFramework
  ORDER BY i
  RETURN collect({requirement: [k IN $requirementProps | c[k]], frameworkCount: frameworkCount, totalStrength: totalStrength,
                  perFramework: perFramework}) AS rows
}
RETURN total, rows
