// params: id
// One SoA entry as stored (the before state of a write).
MATCH (e:SoaEntry {id: $id})
RETURN e {.*} AS entry
