// params:
// What the graph holds of every kind the loader writes: id, origin and the hash of the row that
// wrote it (seed data only), so a load writes only what differs.
CALL () {
  MATCH (n:Framework) RETURN 'Framework' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:Concept) RETURN 'Concept' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:Requirement) RETURN 'Requirement' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:FrameworkVersion) RETURN 'FrameworkVersion' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:Amendment) RETURN 'Amendment' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:Change) RETURN 'Change' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:ProvisionVersion) RETURN 'ProvisionVersion' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH (n:MappingSet) RETURN 'MappingSet' AS kind, n.id AS id, n.origin AS origin, n.seedHash AS hash
  UNION ALL
  MATCH ()-[m:MAPS_TO]->() WHERE m.origin = 'seed' RETURN 'MAPS_TO' AS kind, m.id AS id, m.origin AS origin, m.seedHash AS hash
}
RETURN kind, id, origin, hash
