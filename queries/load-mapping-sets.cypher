// params: rows, loadId
UNWIND $rows AS row
MERGE (s:MappingSet {id: row.id})
SET s = row, s.origin = 'seed', s.loadId = $loadId
