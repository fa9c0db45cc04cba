// params: rows, loadId
// Parents come before their children in the rows, so PART_OF finds its target.
UNWIND $rows AS row
MATCH (f:Framework {id: row.framework})
MERGE (r:Requirement {id: row.props.id})
SET r = row.props, r.origin = 'seed', r.loadId = $loadId, r:Published
MERGE (r)-[inFw:IN_FRAMEWORK]->(f)
SET inFw.origin = 'seed', inFw.loadId = $loadId
WITH r, row
CALL (r, row) {
  MATCH (p:Requirement {id: row.parent})
  MERGE (r)-[po:PART_OF]->(p)
  SET po.origin = 'seed', po.loadId = $loadId
}
WITH r, row
UNWIND row.concepts AS conceptId
MATCH (c:Concept {id: conceptId})
MERGE (r)-[a:ADDRESSES]->(c)
SET a.origin = 'seed', a.loadId = $loadId
