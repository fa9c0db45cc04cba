// params: ids
MATCH (r:Requirement)-[:ADDRESSES]->(c:Concept)
WHERE r.id IN $ids
RETURN r.id AS key, c {.*, broader: [(c)-[:BROADER]->(b) | b.id]} AS row
ORDER BY c.id
