// params: framework
// A control set's controls in order, each with its concepts and its live mappings in the set's own
// mapping set (what an import writes), so export then import gives the same set back.
MATCH (r:Requirement {framework: $framework})
WITH r ORDER BY r.order
RETURN r {.*, concepts: [(r)-[:ADDRESSES]->(c) | c.id]} AS control,
       [(r)-[m:MAPS_TO]->(o) WHERE m.mappingSet = $framework AND m.status <> 'deprecated' | m {.*, object: o.id}] AS mappings
