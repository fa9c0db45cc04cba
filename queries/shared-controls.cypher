// params: frameworks, minFrameworks, relations, minStrength, role, asOf, law, condition, viewer
// Requirements that cover requirements of at least $minFrameworks other frameworks.
// Each mapping is read from the candidate's side (inverseRelation when walked backwards):
// EQUAL or SUPERSET_OF of substance covers fully, any other hit partly, NOT_RELATED never.
MATCH (c:Requirement)-[m:MAPS_TO]-(t:Requirement)
WHERE t.framework <> c.framework
  AND {{ visible c }} AND {{ visible t }}
  AND NOT coalesce(m.inferred, false)
  AND m.status <> 'deprecated'
  AND ($frameworks IS NULL OR (c.framework IN $frameworks AND t.framework IN $frameworks))
  AND ($minStrength IS NULL OR m.strength >= $minStrength)
  // in force under the law of $law; role/asOf/condition narrow a regulation to what binds then
  AND {{in-force c}} AND {{in-force t}}
WITH c, t, m, CASE WHEN startNode(m) = c THEN m.relation ELSE m.inverseRelation END AS relation
WHERE relation <> 'NOT_RELATED' AND ($relations IS NULL OR relation IN $relations)
// FULL needs substance, as in coverage: EQUAL/SUPERSET_OF of FUNCTIONAL rationale, or SEMANTIC where
// nobody assessed the pair functionally; a SYNTACTIC equivalence is shared structure, PARTIAL.
WITH c, t, m, relation,
     relation IN ['EQUAL', 'SUPERSET_OF'] AND (m.rationale = 'FUNCTIONAL' OR (m.rationale = 'SEMANTIC' AND NOT EXISTS {
       (c)-[f:MAPS_TO {rationale: 'FUNCTIONAL'}]-(t) WHERE f.status <> 'deprecated' })) AS substantive
WITH c, t.framework AS framework,
     collect({requirement: t {.*}, relation: relation, rationale: m.rationale, strength: m.strength, mapping: m.id,
              order: t.order, substantive: substantive}) AS hits,
     sum(m.strength) AS strength
WITH c, framework, strength,
     CASE WHEN any(h IN hits WHERE h.substantive) THEN 'FULL' ELSE 'PARTIAL' END AS coverage,
     hits
ORDER BY framework
WITH c, collect({framework: framework, coverage: coverage, strength: strength, hits: hits}) AS perFramework,
     sum(strength) AS totalStrength
WHERE size(perFramework) >= $minFrameworks
RETURN c {.*} AS requirement, size(perFramework) AS frameworkCount, totalStrength, perFramework
ORDER BY frameworkCount DESC, totalStrength DESC, requirement.id
