// params: id
// Takes the Annex A control's write lock for the rest of the transaction; returns its id if it exists.
MATCH (r:Requirement {id: $id, kind: 'control'})
SET r._lock = true
REMOVE r._lock
RETURN r.id AS id
