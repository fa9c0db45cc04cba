// params: rows, loadId
// An amendment and the framework it amends (its changes: load-changes).
UNWIND $rows AS row
MATCH (f:Framework {id: row.props.framework})
MERGE (a:Amendment {id: row.props.id})
SET a = row.props
WITH a, f
CALL (a) { MATCH (a)-[old:AMENDS]->() WHERE old.origin = 'seed' DELETE old }
CREATE (a)-[:AMENDS {origin: 'seed', loadId: $loadId}]->(f)
