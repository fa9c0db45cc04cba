// params: framework
// A control set's controls in order, each with its concepts and the mappings it asserts.
MATCH (r:Requirement {framework: $framework})
WITH r ORDER BY r.order
RETURN r {.*, concepts: [(r)-[:ADDRESSES]->(c) | c.id]} AS control,
       [(r)-[m:MAPS_TO]->(o) | m {.*, object: o.id}] AS mappings
