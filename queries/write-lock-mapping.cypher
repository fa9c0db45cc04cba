// params: id
// Takes the relationship's write lock for the rest of the transaction and changes nothing.
MATCH ()-[m:MAPS_TO {id: $id}]->()
SET m._lock = true
REMOVE m._lock
