// params:
// Mapping assertions between published frameworks as stored (subject -> object framework), by relation.
MATCH (s:Requirement)-[m:MAPS_TO]->(o:Requirement)
WHERE m.org IS NULL AND s.org IS NULL AND o.org IS NULL
RETURN s.framework AS subject, o.framework AS object, m.relation AS relation, count(*) AS count
ORDER BY subject, object, relation
