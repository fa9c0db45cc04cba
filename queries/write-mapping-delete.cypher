// params: id
MATCH ()-[m:MAPS_TO {id: $id}]->()
DELETE m
