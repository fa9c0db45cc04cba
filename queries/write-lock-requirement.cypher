// params: id
// Takes the node's write lock for the rest of the transaction and changes nothing.
MATCH (r:Requirement {id: $id})
SET r._lock = true
REMOVE r._lock
