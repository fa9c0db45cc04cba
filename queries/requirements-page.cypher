// params: framework, kind, concept, search, sort, skip, limit, viewer
// One page of requirements in a stable order (framework, document order), with the total.
// Candidates: one framework's requirements through the framework index, or (no $framework) all;
// the branches are gated so the planner sees the framework filter rather than `$framework IS NULL OR`.
CALL () {
  UNWIND CASE WHEN $framework IS NULL THEN [true] ELSE [] END AS everyFramework
  MATCH (r:Requirement)
  RETURN r
  UNION ALL
  MATCH (r:Requirement {framework: $framework})
  RETURN r
}
WITH r
WHERE {{ visible r }}
  AND ($kind IS NULL OR r.kind = $kind)
  AND ($concept IS NULL OR EXISTS { (r)-[:ADDRESSES]->(:Concept {id: $concept}) })
  AND ($search IS NULL
       OR toLower(r.id) CONTAINS $search
       OR toLower(r.title) CONTAINS $search
       OR toLower(coalesce(r.summary, '')) CONTAINS $search)
// $sort: DOCUMENT (framework, then document order) or ID
WITH r ORDER BY CASE $sort WHEN 'ID' THEN r.id ELSE '' END, r.framework, r.order
// only the page's property maps are built
WITH collect(r) AS matched
RETURN size(matched) AS total, [r IN matched[$skip..($skip + $limit)] | r {.*}] AS rows
