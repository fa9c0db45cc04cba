// params: keys, viewer
// One page of requirements for each {framework, kind, skip, limit} key, batched for nested fields.
UNWIND $keys AS key
CALL (key) {
  MATCH (r:Requirement {framework: key.framework})
  WHERE (key.kind IS NULL OR r.kind = key.kind) AND {{ visible r }}
  WITH r ORDER BY r.order
  WITH collect(r) AS matched
  RETURN size(matched) AS total, [r IN matched[key.skip..(key.skip + key.limit)] | r {.*}] AS rows
}
RETURN key, total, rows
