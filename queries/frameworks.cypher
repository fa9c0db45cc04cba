// params: ids, viewer
// All frameworks ($ids null) or the given ones, with their requirement counts.
MATCH (f:Framework)
WHERE ($ids IS NULL OR f.id IN $ids) AND {{ visible f }}
RETURN f {.*, requirementCount: COUNT { (f)<-[:IN_FRAMEWORK]-() }} AS row
ORDER BY f.id
