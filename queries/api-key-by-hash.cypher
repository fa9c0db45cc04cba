// params: hash
// Only the key's hash is stored; the key itself is shown once, when it is created.
MATCH (k:ApiKey {hash: $hash})
WHERE k.revoked IS NULL
RETURN k {.name, .role, .org} AS key
