// params: viewer
// The organisation data this viewer may see, for the RDF export: control sets, their controls, the
// mapping sets of organisations, and every asserted mapping with an organisation's control at one
// end (both ends visible). Published data comes from the seed files, not from here.
CALL () {
  MATCH (f:Framework)
  WHERE f.org IS NOT NULL AND {{ visible f }}
  RETURN collect(f {.*}) AS frameworks
}
CALL () {
  MATCH (r:Requirement)
  WHERE r.org IS NOT NULL AND {{ visible r }}
  WITH r ORDER BY r.framework, r.order
  RETURN collect(r {.*, concepts: [(r)-[:ADDRESSES]->(c) | c.id]}) AS requirements
}
CALL () {
  MATCH (s:MappingSet)
  WHERE s.org IS NOT NULL AND {{ visible s }}
  RETURN collect(s {.*}) AS mappingSets
}
CALL () {
  MATCH (a:Requirement)-[m:MAPS_TO]->(b:Requirement)
  WHERE (a.org IS NOT NULL OR b.org IS NOT NULL) AND {{ visible a }} AND {{ visible b }}
    AND NOT coalesce(m.inferred, false)
  WITH a, b, m ORDER BY m.id
  RETURN collect(m {.*, subject: a.id, object: b.id}) AS mappings
}
RETURN frameworks, requirements, mappingSets, mappings
