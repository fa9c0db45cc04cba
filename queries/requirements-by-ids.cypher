// params: ids, viewer
MATCH (r:Requirement)
WHERE r.id IN $ids AND (r.org IS NULL OR $viewer.admin OR r.org IN $viewer.orgs)
RETURN r {.*} AS row
