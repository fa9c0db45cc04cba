// params: id, org
// The mapping set an API write goes into, created on first use; reports whether the seeds own it.
MERGE (s:MappingSet {id: $id})
ON CREATE SET s.title = $id, s.origin = 'api', s.org = $org
RETURN s.origin AS origin
