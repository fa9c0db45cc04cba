// params: ids, viewer
// The mappings among a set of requirements (both ends in $ids), for side-by-side comparison.
MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
WHERE a.id IN $ids AND b.id IN $ids
  AND {{ visible m }}
RETURN m {.*, subject: a.id, object: b.id} AS row
ORDER BY a.framework, a.order, b.framework, b.order
