// params: viewer
// Every concept with its broader concepts and how many visible requirements address it.
MATCH (c:Concept)
RETURN c {.*, broader: [(c)-[:BROADER]->(b) | b.id],
           requirementCount: COUNT { MATCH (r:Requirement)-[:ADDRESSES]->(c)
                                     WHERE {{ visible r }} }} AS row
ORDER BY c.id
