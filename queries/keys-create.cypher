// params: name, hash, role, org
CREATE (k:ApiKey {name: $name, hash: $hash, role: $role, org: $org, created: datetime()})
