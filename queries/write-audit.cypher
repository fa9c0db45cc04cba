// params: event
// One audit record, written in the same transaction as the change it describes.
CREATE (e:AuditEvent)
SET e = $event, e.at = datetime()
