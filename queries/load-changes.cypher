// params: rows, loadId
// A change an amendment makes, linked to the provision when the graph has it (row.requirement;
// a proposal may name provisions the framework does not have yet).
UNWIND $rows AS row
MATCH (a:Amendment {id: row.amendment})
MERGE (c:Change {id: row.props.id})
SET c = row.props
WITH a, c, row
CALL (c) { MATCH (c)-[old:CHANGES]->() WHERE old.origin = 'seed' DELETE old }
CALL (c) { MATCH ()-[old:MAKES]->(c) WHERE old.origin = 'seed' DELETE old }
CREATE (a)-[:MAKES {origin: 'seed', loadId: $loadId}]->(c)
WITH c, row
CALL (c, row) {
  MATCH (r:Requirement {id: row.requirement})
  CREATE (c)-[:CHANGES {origin: 'seed', loadId: $loadId}]->(r)
}
