// params: framework, org, rows
// Controls of an organisation's control set, appended in document order; concepts replaced.
// New controls are numbered after the set's highest `order` (row.newIndex counts only the new rows
// of the batch), so mixed batches of new and existing controls never give two controls one order.
MATCH (f:Framework {id: $framework})
CALL (f) {
  OPTIONAL MATCH (c:Requirement)-[:IN_FRAMEWORK]->(f)
  RETURN coalesce(max(c.order), -1) AS last
}
UNWIND $rows AS row
WITH f, last, row
MERGE (r:Requirement {id: row.id})
ON CREATE SET r.order = last + 1 + row.newIndex
SET r.framework = $framework, r.org = $org, r.ref = row.ref, r.kind = 'control', r.title = row.title,
    r.summary = row.summary, r.url = row.url, r.roles = [], r.riskTiers = [], r.origin = 'api'
MERGE (r)-[:IN_FRAMEWORK]->(f)
WITH r, row
CALL (r) {
  MATCH (r)-[old:ADDRESSES]->()
  DELETE old
}
CALL (r, row) {
  UNWIND row.concepts AS conceptId
  MATCH (c:Concept {id: conceptId})
  MERGE (r)-[:ADDRESSES]->(c)
}
RETURN r {.*, concepts: row.concepts} AS row
ORDER BY r.order
