// params: ids
// Requirements as a write sees them (no viewer filter: the writer checks organisation access itself).
MATCH (r:Requirement) WHERE r.id IN $ids
RETURN r {.*, concepts: [(r)-[:ADDRESSES]->(c) | c.id]} AS row, r.id AS id, r.org AS org
