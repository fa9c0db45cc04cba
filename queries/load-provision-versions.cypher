// params: rows, loadId
UNWIND $rows AS row
MATCH (r:Requirement {id: row.requirement})
MERGE (v:ProvisionVersion {id: row.id})
SET v = row, v.origin = 'seed', v.loadId = $loadId
MERGE (r)-[h:HAS_VERSION]->(v)
SET h.origin = 'seed', h.loadId = $loadId
