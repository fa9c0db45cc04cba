// params: props
MERGE (f:Framework {id: $props.id})
SET f = $props
