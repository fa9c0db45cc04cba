// params: ids, viewer
// Per framework: requirements per kind, and asserted mappings per other framework and per relation
// (relations read from this framework's side).
UNWIND $ids AS id
CALL (id) {
  MATCH (r:Requirement {framework: id})
  WITH r.kind AS kind, count(*) AS n ORDER BY kind
  RETURN collect({kind: kind, count: n}) AS kinds
}
CALL (id) {
  MATCH (r:Requirement {framework: id})-[m:MAPS_TO]-(o:Requirement)
  WHERE o.framework <> id AND m.status <> 'deprecated'
    AND {{ visible o }}
  WITH o.framework AS other, CASE WHEN startNode(m) = r THEN m.relation ELSE m.inverseRelation END AS relation,
       count(*) AS n
  ORDER BY other, relation
  RETURN collect({framework: other, relation: relation, count: n}) AS mappings
}
RETURN id, kinds, mappings
