// params: prefix, until
// Every recorded state of an organisation's SoA entries for one standard before `until`, oldest first.
MATCH (a:AuditEvent)
WHERE a.target STARTS WITH $prefix AND a.at < $until
RETURN a.target AS target, a.after AS after
ORDER BY a.at, a.id
