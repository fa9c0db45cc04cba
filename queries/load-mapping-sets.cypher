// params: rows
UNWIND $rows AS row
MERGE (s:MappingSet {id: row.props.id})
SET s = row.props
