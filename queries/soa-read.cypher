// params: org, standard
// The Annex A controls of a standard, each with the organisation's SoA entry (if any) and the
// organisation's own controls mapped to it (live, not NOT_RELATED), in document order.
MATCH (c:Requirement {framework: $standard, kind: 'control'})
WITH c ORDER BY c.order
OPTIONAL MATCH (e:SoaEntry {org: $org, control: c.id})
RETURN c {.id, .ref, .title} AS control, e {.*} AS entry,
       [(c)-[m:MAPS_TO]-(o:Requirement) WHERE o.org = $org AND m.status <> 'deprecated' AND m.relation <> 'NOT_RELATED'
        | {id: o.id, title: o.title, relation: m.relation, fromControl: startNode(m) = o, strength: m.strength}] AS implementedBy
