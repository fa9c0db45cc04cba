// params: framework, org, rows
// Controls of an organisation's control set, appended in document order; concepts replaced.
MATCH (f:Framework {id: $framework})
WITH f, COUNT { (f)<-[:IN_FRAMEWORK]-() } AS existing
UNWIND range(0, size($rows) - 1) AS i
WITH f, existing, i, $rows[i] AS row
MERGE (r:Requirement {id: row.id})
ON CREATE SET r.order = existing + i
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
