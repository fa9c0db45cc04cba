// params: nodes, mappings
// Seed data the seeds no longer contain (ids per label in $nodes), and mapping edges that are
// gone or changed ($mappings; changed ones are created again). Nodes go with all their links.
CALL () {
  UNWIND $mappings AS id
  MATCH ()-[m:MAPS_TO {id: id}]->()
  WHERE m.origin = 'seed'
  DELETE m
}
CALL () {
  UNWIND $nodes.ProvisionVersion AS id MATCH (n:ProvisionVersion {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Change AS id MATCH (n:Change {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Amendment AS id MATCH (n:Amendment {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.FrameworkVersion AS id MATCH (n:FrameworkVersion {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Requirement AS id MATCH (n:Requirement {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.MappingSet AS id MATCH (n:MappingSet {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Concept AS id MATCH (n:Concept {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Framework AS id MATCH (n:Framework {id: id}) WHERE n.origin = 'seed' DETACH DELETE n
}
