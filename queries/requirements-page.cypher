// params: framework, kind, concept, search, sort, skip, limit, viewer
// One page of requirements in a stable order (framework, document order), with the total.
MATCH (r:Requirement)
WHERE ($framework IS NULL OR r.framework = $framework)
  AND {{ visible r }}
  AND ($kind IS NULL OR r.kind = $kind)
  AND ($concept IS NULL OR EXISTS { (r)-[:ADDRESSES]->(:Concept {id: $concept}) })
  AND ($search IS NULL
       OR toLower(r.id) CONTAINS $search
       OR toLower(r.title) CONTAINS $search
       OR toLower(coalesce(r.summary, '')) CONTAINS $search)
// $sort: DOCUMENT (framework, then document order) or ID
WITH r ORDER BY CASE $sort WHEN 'ID' THEN r.id ELSE '' END, r.framework, r.order
WITH collect(r {.*}) AS matched
RETURN size(matched) AS total, matched[$skip..($skip + $limit)] AS rows
