"""Neo4j access: the local server, the driver, named Cypher, seed loading and reads."""
