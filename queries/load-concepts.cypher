// params: rows, loadId
// Broader concepts come first in the rows. A changed concept's own links are replaced.
UNWIND $rows AS row
MERGE (c:Concept {id: row.props.id})
SET c = row.props
WITH c, row
CALL (c) { MATCH (c)-[old:BROADER]->() WHERE old.origin = 'seed' DELETE old }
WITH c, row
UNWIND row.broader AS broaderId
MATCH (b:Concept {id: broaderId})
CREATE (c)-[:BROADER {origin: 'seed', loadId: $loadId}]->(b)
