// params: ids
MATCH (a:Amendment)
WHERE a.id IN $ids
RETURN a {.*, changeCount: COUNT { (a)-[:MAKES]->() }} AS row
