// params: ids, viewer
// Mappings touching each requirement, both directions. `relationFromHere` reads the
// assertion from this requirement's side: SUBSET_OF and SUPERSET_OF swap when walked backwards.
MATCH (r:Requirement)-[m:MAPS_TO]-(o:Requirement)
WHERE r.id IN $ids AND {{ visible o }}
WITH r, m, o, startNode(m) = r AS outgoing
RETURN r.id AS key,
       m {.*, subject: CASE WHEN outgoing THEN r.id ELSE o.id END,
              object: CASE WHEN outgoing THEN o.id ELSE r.id END,
              direction: CASE WHEN outgoing THEN 'OUTGOING' ELSE 'INCOMING' END,
              relationFromHere: CASE WHEN outgoing THEN m.relation ELSE m.inverseRelation END,
              other: o.id, otherFramework: o.framework} AS row
ORDER BY m.strength DESC, o.framework, o.order
