// params: viewer
// Every concept with its broader concepts and how many visible requirements address it.
MATCH (c:Concept)
RETURN c {.*, broader: [(c)-[:BROADER]->(b) | b.id],
           requirementCount: COUNT { MATCH (r:Requirement)-[:ADDRESSES]->(c)
                                     WHERE r.org IS NULL OR $viewer.admin OR r.org IN $viewer.orgs }} AS row
ORDER BY c.id
