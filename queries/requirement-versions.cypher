// params: ids
// Every version of each requirement, oldest first, with the amendment that made it.
MATCH (r:Requirement)-[:HAS_VERSION]->(v:ProvisionVersion)
WHERE r.id IN $ids
RETURN r.id AS key, v {.*} AS row
ORDER BY coalesce(v.validFrom, date('0001-01-01'))
