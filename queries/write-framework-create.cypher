// params: props
CREATE (f:Framework)
SET f = $props
