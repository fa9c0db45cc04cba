// params: rows, loadId
UNWIND $rows AS row
MATCH (a:Requirement {id: row.subject}), (b:Requirement {id: row.object})
MERGE (a)-[m:MAPS_TO {id: row.props.id}]->(b)
SET m = row.props, m.origin = 'seed', m.loadId = $loadId
