// params: ids, viewer
MATCH (c:Requirement)-[:PART_OF]->(p:Requirement)
WHERE p.id IN $ids AND (c.org IS NULL OR $viewer.admin OR c.org IN $viewer.orgs)
RETURN p.id AS key, c {.*} AS row
ORDER BY c.order
