// params: ids, viewer
MATCH (c:Requirement)-[:PART_OF]->(p:Requirement)
WHERE p.id IN $ids AND {{ visible c }}
RETURN p.id AS key, c {.*} AS row
ORDER BY c.order
