// params:
// How many requirements each published framework has, by kind (organisations' control sets are private).
MATCH (r:Requirement)
WHERE r.org IS NULL
RETURN r.framework AS framework, r.kind AS kind, count(*) AS count
ORDER BY framework, kind
