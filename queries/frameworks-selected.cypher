// params: ids, props, counts, viewer
// The given frameworks, each as the values of $props (in that order) and, when $counts, its requirement
// count: what sharedControls' selection reads of the frameworks a page reaches (at 30x some 300 of them;
// frameworks.cypher's whole maps and counts cost it a third of its time). One row, so one record to decode.
MATCH (f:Framework)
WHERE f.id IN $ids AND {{ visible f }}
RETURN collect({values: [k IN $props | f[k]],
                requirementCount: CASE WHEN $counts THEN COUNT { (f)<-[:IN_FRAMEWORK]-() } END}) AS rows
