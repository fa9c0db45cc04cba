// params: rows, loadId
// Parents come before their children in the rows, so PART_OF finds its target. A changed
// requirement's own links (framework, parent, concepts) are replaced; links to it stay.
UNWIND $rows AS row
MATCH (f:Framework {id: row.framework})
MERGE (r:Requirement {id: row.props.id})
SET r = row.props, r:Published
WITH r, row, f
CALL (r) { MATCH (r)-[old:IN_FRAMEWORK|PART_OF|ADDRESSES]->() WHERE old.origin = 'seed' DELETE old }
CREATE (r)-[:IN_FRAMEWORK {origin: 'seed', loadId: $loadId}]->(f)
WITH r, row
CALL (r, row) {
  MATCH (p:Requirement {id: row.parent})
  CREATE (r)-[:PART_OF {origin: 'seed', loadId: $loadId}]->(p)
}
WITH r, row
UNWIND row.concepts AS conceptId
MATCH (c:Concept {id: conceptId})
CREATE (r)-[:ADDRESSES {origin: 'seed', loadId: $loadId}]->(c)
