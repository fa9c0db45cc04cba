// params: rows, loadId
UNWIND $rows AS row
MATCH (f:Framework {id: row.props.framework})
MERGE (v:FrameworkVersion {id: row.props.id})
SET v = row.props
WITH f, v
CALL (v) { MATCH ()-[old:HAS_VERSION]->(v) WHERE old.origin = 'seed' DELETE old }
CREATE (f)-[:HAS_VERSION {origin: 'seed', loadId: $loadId}]->(v)
