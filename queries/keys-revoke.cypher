// params: name
MATCH (k:ApiKey {name: $name})
WHERE k.revoked IS NULL
SET k.revoked = datetime()
RETURN k.name AS name
