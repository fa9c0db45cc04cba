// params: from, to, relations, minStrength, sort, skip, limit, viewer
// Mappings between requirements of framework $from and framework $to, in either stored direction.
// $relations filters the relation as read from the $from side (inverseRelation for edges
// stored the other way), like every other question that starts somewhere.
// Candidates: with a framework named, the mappings with an end in it (through the framework index,
// a superset of the answer: the filter below still decides); with none, every mapping. The branches
// are gated so the planner sees the framework filter rather than `$from IS NULL OR`.
CALL () {
  UNWIND CASE WHEN $from IS NULL AND $to IS NULL THEN [true] ELSE [] END AS everyFramework
  MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
  RETURN a, m, b
  UNION
  UNWIND [f IN [$from, $to] WHERE f IS NOT NULL][0..1] AS named
  MATCH (a:Requirement {framework: named})-[m:MAPS_TO]->(b:Requirement)
  RETURN a, m, b
  UNION
  UNWIND [f IN [$from, $to] WHERE f IS NOT NULL][0..1] AS named
  MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement {framework: named})
  RETURN a, m, b
}
WITH a, m, b
WHERE ($from IS NULL OR a.framework = $from OR b.framework = $from)
  AND {{ visible a }} AND {{ visible b }}
  AND ($to IS NULL OR a.framework = $to OR b.framework = $to)
  AND ($from IS NULL OR $to IS NULL OR {a: a.framework, b: b.framework} IN [{a: $from, b: $to}, {a: $to, b: $from}])
  AND ($minStrength IS NULL OR m.strength >= $minStrength)
WITH a, m, b, CASE WHEN $from IS NOT NULL AND a.framework <> $from THEN m.inverseRelation ELSE m.relation END AS relation
WHERE $relations IS NULL OR relation IN $relations
// $sort: DOCUMENT (both ends in document order), STRENGTH or CONFIDENCE (highest first, then document order)
WITH a, m, b ORDER BY CASE $sort WHEN 'STRENGTH' THEN -m.strength WHEN 'CONFIDENCE' THEN -m.confidence ELSE 0 END,
                      a.framework, a.order, b.framework, b.order, m.id
// only the page's property maps are built
WITH collect(m) AS matched
RETURN size(matched) AS total,
       [m IN matched[$skip..($skip + $limit)] | m {.*, subject: startNode(m).id, object: endNode(m).id}] AS rows
