// params:
// Mapping assertions as stored (subject framework -> object framework), by relation.
MATCH (s:Requirement)-[m:MAPS_TO]->(o:Requirement)
RETURN s.framework AS subject, o.framework AS object, m.relation AS relation, count(*) AS count
ORDER BY subject, object, relation
