// params: nodes, mappings, loadId
// What a failed first load committed ($nodes: ids per label, $mappings), only where it carries this
// load's id: graph/loader.py deletes it in batches, so the graph is as it was before the load.
CALL () {
  UNWIND $mappings AS id
  MATCH ()-[m:MAPS_TO {id: id}]->()
  WHERE m.loadId = $loadId
  DELETE m
}
CALL () {
  UNWIND $nodes.ProvisionVersion AS id MATCH (n:ProvisionVersion {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Change AS id MATCH (n:Change {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Amendment AS id MATCH (n:Amendment {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.FrameworkVersion AS id MATCH (n:FrameworkVersion {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Requirement AS id MATCH (n:Requirement {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.MappingSet AS id MATCH (n:MappingSet {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Concept AS id MATCH (n:Concept {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
CALL () {
  UNWIND $nodes.Framework AS id MATCH (n:Framework {id: id}) WHERE n.loadId = $loadId DETACH DELETE n
}
