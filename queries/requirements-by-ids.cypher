// params: ids, viewer
MATCH (r:Requirement)
WHERE r.id IN $ids AND {{ visible r }}
RETURN r {.*} AS row
