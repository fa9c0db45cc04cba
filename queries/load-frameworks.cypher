// params: rows
// New and changed rows only (graph/loader.py compares each row's hash with the stored one).
UNWIND $rows AS row
MERGE (f:Framework {id: row.props.id})
SET f = row.props
