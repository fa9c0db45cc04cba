// The peer's sharedControls: queries/shared-controls.cypher with its fragments expanded for the
// arguments the benchmark uses (every framework, any relation and strength, no role/asOf/condition,
// a public viewer, the law of today), then ranked and paged inside Cypher ($offset, $first).
// Lines starting with // are dropped before server.mjs puts this into its @cypher directive.
MATCH (c:Requirement)-[m:MAPS_TO]-(t:Requirement)
WHERE t.framework <> c.framework
  AND c.org IS NULL AND t.org IS NULL
  AND NOT coalesce(m.inferred, false)
  AND m.status <> 'deprecated'
  AND EXISTS { MATCH (c)-[:HAS_VERSION]->(v:ProvisionVersion)
               WHERE (v.validFrom IS NULL OR v.validFrom <= date()) AND (v.validTo IS NULL OR date() < v.validTo) }
  AND EXISTS { MATCH (t)-[:HAS_VERSION]->(v:ProvisionVersion)
               WHERE (v.validFrom IS NULL OR v.validFrom <= date()) AND (v.validTo IS NULL OR date() < v.validTo) }
WITH c, t, m, CASE WHEN startNode(m) = c THEN m.relation ELSE m.inverseRelation END AS relation
WHERE relation <> 'NOT_RELATED'
WITH c, t, m, relation,
     relation IN ['EQUAL', 'SUPERSET_OF'] AND (m.rationale = 'FUNCTIONAL' OR (m.rationale = 'SEMANTIC' AND NOT EXISTS {
       (c)-[f:MAPS_TO {rationale: 'FUNCTIONAL'}]-(t) WHERE f.status <> 'deprecated' })) AS substantive
ORDER BY t.order
WITH c, t.framework AS framework,
     collect({requirement: t {.*}, relation: relation, rationale: m.rationale, strength: m.strength,
              mappingId: m.id, substantive: substantive}) AS hits,
     sum(m.strength) AS strength
WITH c, framework, strength, hits, CASE WHEN any(h IN hits WHERE h.substantive) THEN 'FULL' ELSE 'PARTIAL' END AS coverage
ORDER BY framework
WITH c, collect({framework: framework, coverage: coverage, strength: strength, requirements: hits}) AS perFramework,
     sum(strength) AS totalStrength
WHERE size(perFramework) >= $minFrameworks
WITH c, size(perFramework) AS frameworkCount, totalStrength, perFramework
ORDER BY frameworkCount DESC, totalStrength DESC, c.id
SKIP $offset LIMIT $first
RETURN {requirement: c {.*}, frameworkCount: frameworkCount, totalStrength: totalStrength, frameworks: perFramework} AS row
