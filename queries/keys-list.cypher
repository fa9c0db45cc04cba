// params:
MATCH (k:ApiKey)
RETURN k.name AS name, k.role AS role, k.org AS org, k.created AS created, k.revoked AS revoked
ORDER BY k.name
