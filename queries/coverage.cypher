// params: target, using, kinds, imposing, relations, minStrength, role, asOf, law, condition, viewer, requirementProps, mappingProps
// How far requirements of the `using` frameworks cover each requirement of $target.
// Counted once per provision: the requirements of $kinds or, by default, the lowest provisions
// that impose something ($imposing kinds with no $imposing child), so an article and its
// paragraphs are never counted side by side (a child counts when it is in the text of $law).
// Read from the covering side. FULL needs substance: an EQUAL or SUPERSET_OF mapping whose
// rationale is FUNCTIONAL, or SEMANTIC where nobody assessed the same pair functionally (NIST
// IR 8477: the functional reading decides), on the requirement or on every lowest provision under it.
// A SYNTACTIC equivalence (shared clause structure) shows that structure can be reused: it is
// reported as `reusable`, and counts as PARTIAL at most. Any other hit is PARTIAL.
// Roll-up: mappings on the provisions under a requirement count for it (`via` says where).
// Roll-down: a requirement with no mapping of its own to the `using` frameworks (NOT_RELATED
// included), nor under it, inherits its ancestors' hits as PARTIAL, marked `inherited`.
// NOT_RELATED, deprecated and inferred mappings never count as hits.
// Requirements and mappings come back as the values of $requirementProps / $mappingProps, in that
// order (what the GraphQL selection reads, server/selection.py): graph/reads.py names them.
// Only provisions in force under the law of day $law count (target and using side); $role,
// $asOf and $condition narrow them to what binds that role and applies on that date.
MATCH (t:Requirement {framework: $target})
WHERE CASE WHEN $kinds IS NULL
           THEN t.kind IN $imposing
                AND NOT EXISTS { (c:Requirement)-[:PART_OF]->(t) WHERE c.kind IN $imposing AND {{in-text c}} }
           ELSE t.kind IN $kinds END
  AND {{ visible t }}
  AND {{in-force t}}
WITH t ORDER BY t.order
CALL (t) {
  CALL (t) {
    MATCH (d:Requirement)-[:PART_OF*0..4]->(t)
    WHERE d = t OR {{in-force d}}
    RETURN d, CASE WHEN d = t THEN 'self' ELSE 'below' END AS position
    UNION
    MATCH (t)-[:PART_OF*1..4]->(d:Requirement)
    RETURN d, 'above' AS position
  }
  OPTIONAL MATCH (d)-[m:MAPS_TO]-(u:Requirement)
  WHERE u.framework IN $using
    AND m.status <> 'deprecated' AND NOT coalesce(m.inferred, false)
    AND ($minStrength IS NULL OR m.strength >= $minStrength)
    AND {{ visible u }}
    AND {{in-force u}}
  WITH d, position, m, u, CASE WHEN startNode(m) = u THEN m.relation ELSE m.inverseRelation END AS relation
  ORDER BY m.strength DESC, u.framework, u.order
  WITH d, position, count(m) AS asserted,
       collect(CASE WHEN m IS NOT NULL AND relation <> 'NOT_RELATED' AND ($relations IS NULL OR relation IN $relations)
                    THEN {relation: relation, rationale: m.rationale, via: d.id, inherited: false, source: [k IN $requirementProps | u[k]],
                          mapping: {subject: startNode(m).id, object: endNode(m).id, props: [k IN $mappingProps | m[k]]},
                          // a FUNCTIONAL assessment of the same pair governs over SEMANTIC claims about it
                          substantive: relation IN ['EQUAL', 'SUPERSET_OF'] AND (m.rationale = 'FUNCTIONAL'
                            OR (m.rationale = 'SEMANTIC' AND NOT EXISTS {
                                  (d)-[f:MAPS_TO {rationale: 'FUNCTIONAL'}]-(u) WHERE f.status <> 'deprecated' }))} END) AS hits
  WITH d, position, asserted, hits,
       any(h IN hits WHERE h.substantive) AS full,
       position = 'below' AND NOT EXISTS { (:Requirement)-[:PART_OF]->(d) } AS leaf
  ORDER BY d.order
  RETURN collect({position: position, asserted: asserted, hits: hits, full: full, leaf: leaf}) AS parts
}
WITH t, [p IN parts WHERE p.position <> 'above'] AS mine, [p IN parts WHERE p.position = 'above'] AS above
WITH t, mine,
     reduce(acc = [], p IN mine | acc + p.hits) AS own,
     CASE WHEN reduce(n = 0, p IN mine | n + p.asserted) = 0
          THEN reduce(acc = [], p IN above | acc + [h IN p.hits | h {.*, inherited: true}]) ELSE [] END AS inherited,
     any(p IN mine WHERE p.position = 'self' AND p.full) AS fullHere,
     size([p IN mine WHERE p.leaf]) AS leaves, size([p IN mine WHERE p.leaf AND p.full]) AS fullLeaves
WITH t, own + inherited AS hits,
     CASE WHEN fullHere OR (leaves > 0 AND fullLeaves = leaves) THEN 'FULL'
          WHEN size(own) + size(inherited) > 0 THEN 'PARTIAL' ELSE 'NONE' END AS status
RETURN [k IN $requirementProps | t[k]] AS requirement, status, hits,
       any(h IN hits WHERE h.relation IN ['EQUAL', 'SUPERSET_OF'] AND h.rationale = 'SYNTACTIC') AS reusable
