// params:
// How many requirements each framework has, by kind.
MATCH (r:Requirement)
RETURN r.framework AS framework, r.kind AS kind, count(*) AS count
ORDER BY framework, kind
