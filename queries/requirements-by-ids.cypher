// params: ids
MATCH (r:Requirement)
WHERE r.id IN $ids
RETURN r {.*} AS row
