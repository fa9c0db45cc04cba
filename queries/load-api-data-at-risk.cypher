// params: loadId
// Data written through the API (organisations' mappings, their controls' concepts) that hangs on
// seed data this load no longer contains: removing that seed data would remove it too.
MATCH (n)
WHERE (n:Framework OR n:Requirement OR n:Concept OR n:MappingSet OR n:FrameworkVersion OR n:Amendment
       OR n:Change OR n:ProvisionVersion) AND n.origin = 'seed' AND n.loadId <> $loadId
MATCH (n)-[r]-()
WHERE coalesce(r.origin, 'api') <> 'seed'
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
RETURN type(r) AS type, r.id AS id, a.id AS from, b.id AS to, r.mappingSet AS mappingSet,
       coalesce(r.org, a.org, b.org) AS org, properties(r) AS props
ORDER BY type, from, to
