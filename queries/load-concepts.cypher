// params: rows, loadId
UNWIND $rows AS row
MERGE (c:Concept {id: row.id})
SET c = {id: row.id, label: row.label, definition: row.definition, notes: row.notes}, c.origin = 'seed', c.loadId = $loadId
WITH c, row
UNWIND row.broader AS broaderId
MATCH (b:Concept {id: broaderId})
MERGE (c)-[r:BROADER]->(b)
SET r.origin = 'seed', r.loadId = $loadId
