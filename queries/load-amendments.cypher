// params: rows, loadId
// An amendment, the framework it amends, and each change it makes (linked to the provision
// when it exists: a proposal may name provisions the framework does not have yet).
UNWIND $rows AS row
MATCH (f:Framework {id: row.props.framework})
MERGE (a:Amendment {id: row.props.id})
SET a = row.props, a.origin = 'seed', a.loadId = $loadId
MERGE (a)-[am:AMENDS]->(f)
SET am.origin = 'seed', am.loadId = $loadId
WITH a, row
UNWIND row.changes AS change
MERGE (c:Change {id: change.id})
SET c = change, c.origin = 'seed', c.loadId = $loadId
MERGE (a)-[mk:MAKES]->(c)
SET mk.origin = 'seed', mk.loadId = $loadId
WITH c, change
CALL (c, change) {
  MATCH (r:Requirement {id: change.provision})
  MERGE (c)-[ch:CHANGES]->(r)
  SET ch.origin = 'seed', ch.loadId = $loadId
}
