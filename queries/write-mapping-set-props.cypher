// params: id, props
MATCH ()-[m:MAPS_TO {id: $id}]->()
SET m += $props
