// params: rows, loadId
UNWIND $rows AS row
MERGE (f:Framework {id: row.id})
SET f = row, f.origin = 'seed', f.loadId = $loadId
