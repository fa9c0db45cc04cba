// params: loadId
// Seed data that this load did not write is gone from the seeds: remove it.
CALL () {
  MATCH ()-[r:IN_FRAMEWORK|PART_OF|ADDRESSES|BROADER|MAPS_TO]->()
  WHERE r.origin = 'seed' AND r.loadId <> $loadId
  DELETE r
}
CALL () {
  MATCH (n)
  WHERE (n:Framework OR n:Requirement OR n:Concept OR n:MappingSet) AND n.origin = 'seed' AND n.loadId <> $loadId
  DETACH DELETE n
}
