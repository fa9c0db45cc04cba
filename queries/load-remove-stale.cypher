// params: loadId
// Seed data that this load did not write is gone from the seeds: remove it.
CALL () {
  MATCH ()-[r:IN_FRAMEWORK|PART_OF|ADDRESSES|BROADER|MAPS_TO|HAS_VERSION|AMENDS|MAKES|CHANGES]->()
  WHERE r.origin = 'seed' AND r.loadId <> $loadId
  DELETE r
}
CALL () {
  MATCH (n)
  WHERE (n:Framework OR n:Requirement OR n:Concept OR n:MappingSet OR n:FrameworkVersion OR n:Amendment
         OR n:Change OR n:ProvisionVersion) AND n.origin = 'seed' AND n.loadId <> $loadId
  DETACH DELETE n
}
// Versions live and die with their requirement or framework.
CALL () {
  MATCH (v:ProvisionVersion|FrameworkVersion)
  WHERE NOT EXISTS { ()-[:HAS_VERSION]->(v) }
  DETACH DELETE v
}
