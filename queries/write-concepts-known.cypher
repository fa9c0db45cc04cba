// params: ids
MATCH (c:Concept) WHERE c.id IN $ids
RETURN c.id AS id
