// params: subject, object, props
MATCH (a:Requirement {id: $subject}), (b:Requirement {id: $object})
MERGE (a)-[m:MAPS_TO {id: $props.id}]->(b)
SET m = $props
