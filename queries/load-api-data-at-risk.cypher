// params: nodes
// Data written through the API (organisations' mappings, their controls' concepts) that hangs on
// seed data this load removes ($nodes: ids per label): removing that seed data would remove it too.
CALL () {
  UNWIND $nodes.Framework AS id MATCH (n:Framework {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.Requirement AS id MATCH (n:Requirement {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.Concept AS id MATCH (n:Concept {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.MappingSet AS id MATCH (n:MappingSet {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.FrameworkVersion AS id MATCH (n:FrameworkVersion {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.Amendment AS id MATCH (n:Amendment {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.Change AS id MATCH (n:Change {id: id}) RETURN n
  UNION ALL
  UNWIND $nodes.ProvisionVersion AS id MATCH (n:ProvisionVersion {id: id}) RETURN n
}
WITH n WHERE n.origin = 'seed'
MATCH (n)-[r]-()
WHERE coalesce(r.origin, 'api') <> 'seed'
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
RETURN type(r) AS type, r.id AS id, a.id AS from, b.id AS to, r.mappingSet AS mappingSet,
       coalesce(r.org, a.org, b.org) AS org, properties(r) AS props
ORDER BY type, from, to
