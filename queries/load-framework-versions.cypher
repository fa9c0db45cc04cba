// params: rows, loadId
UNWIND $rows AS row
MATCH (f:Framework {id: row.framework})
MERGE (v:FrameworkVersion {id: row.id})
SET v = row, v.origin = 'seed', v.loadId = $loadId
MERGE (f)-[h:HAS_VERSION]->(v)
SET h.origin = 'seed', h.loadId = $loadId
