// params: ids
// Each framework's dated versions, oldest first, and its amendment records (proposals too).
MATCH (f:Framework)
WHERE f.id IN $ids
RETURN f.id AS key,
       COLLECT { MATCH (f)-[:HAS_VERSION]->(v:FrameworkVersion) RETURN v {.*} ORDER BY v.validFrom } AS versions,
       COLLECT { MATCH (f)<-[:AMENDS]-(a:Amendment)
                 RETURN a {.*, changeCount: COUNT { (a)-[:MAKES]->() }}
                 ORDER BY coalesce(a.inForce, a.published, a.adopted), a.id } AS amendments,
       COLLECT { MATCH (n:Framework {supersedes: f.id}) RETURN n.id } AS supersededBy
