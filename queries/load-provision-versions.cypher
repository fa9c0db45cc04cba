// params: rows, loadId
UNWIND $rows AS row
MATCH (r:Requirement {id: row.props.requirement})
MERGE (v:ProvisionVersion {id: row.props.id})
SET v = row.props
WITH r, v
CALL (v) { MATCH ()-[old:HAS_VERSION]->(v) WHERE old.origin = 'seed' DELETE old }
CREATE (r)-[:HAS_VERSION {origin: 'seed', loadId: $loadId}]->(v)
