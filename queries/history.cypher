// params: id, viewer
// The audit trail of one mapping, control, control set or requirement, oldest first.
MATCH (e:AuditEvent {target: $id})
WHERE {{ visible e }}
RETURN e {.*} AS event
ORDER BY e.at, e.id
