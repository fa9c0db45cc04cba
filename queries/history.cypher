// params: id, viewer
// The audit trail of one mapping, control, control set or requirement, oldest first.
MATCH (e:AuditEvent {target: $id})
WHERE e.org IS NULL OR $viewer.admin OR e.org IN $viewer.orgs
RETURN e {.*} AS event
ORDER BY e.at, e.id
