// params: id
// Takes the node's write lock for the rest of the transaction and changes nothing.
MATCH (f:Framework {id: $id})
SET f._lock = true
REMOVE f._lock
