// params: props
MATCH (f:Framework {id: $props.id})
SET f = $props
