// params: id, org, standard, control, props
// Create or update one SoA entry for an Annex A control; the caller has locked the control.
MATCH (c:Requirement {id: $control})
MERGE (e:SoaEntry {id: $id})
  ON CREATE SET e.org = $org, e.standard = $standard, e.control = $control
SET e += $props, e.updatedAt = toString(datetime())
MERGE (e)-[:FOR]->(c)
RETURN e {.*} AS entry
