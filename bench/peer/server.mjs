// The peer for bench/peer/run.py: @neo4j/graphql 7 on GraphQL Yoga, over the same Neo4j as Crosswalk.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 [NEO4J_USER=neo4j NEO4J_PASSWORD=…] [NEO4J_DATABASE=neo4j] \
//   PEER_PORT=4000 [PEER_PARSE_CACHE=on] node server.mjs
//
// The type definitions model the graph Crosswalk's loader writes (queries/load-*.cypher): frameworks,
// requirements with their PART_OF tree and ADDRESSES concepts, and MAPS_TO mappings whose properties
// live on the relationship. No caching of answers; Yoga's parse/validation cache is off unless
// PEER_PARSE_CACHE=on. Only reads: every type is declared without mutations.

import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

// sharedControls: queries/shared-controls.cypher for the default arguments (all frameworks, public
// data, today's law), paged inside Cypher. Kept next to this file so bench/peer/run.py can show it.
const sharedControls = readFileSync(new URL("./shared-controls.cypher", import.meta.url), "utf8")
  .split("\n").filter((line) => !line.trimStart().startsWith("//")).join("\n");

const typeDefs = /* GraphQL */ `
  type Framework @node @mutation(operations: []) {
    id: ID!
    name: String!
    title: String!
    kind: String!
    requirements: [Requirement!]! @relationship(type: "IN_FRAMEWORK", direction: IN)
  }

  type Concept @node @mutation(operations: []) {
    id: ID!
    label: String!
    definition: String
    broader: [Concept!]! @relationship(type: "BROADER", direction: OUT)
  }

  type Requirement @node @mutation(operations: []) {
    id: ID!
    framework: String!
    ref: String!
    kind: String!
    title: String!
    summary: String
    url: String
    order: Int!
    roles: [String!]
    inFramework: [Framework!]! @relationship(type: "IN_FRAMEWORK", direction: OUT)
    parent: [Requirement!]! @relationship(type: "PART_OF", direction: OUT)
    children: [Requirement!]! @relationship(type: "PART_OF", direction: IN)
    concepts: [Concept!]! @relationship(type: "ADDRESSES", direction: OUT)
    "Mappings this requirement is the subject of."
    mapsTo: [Requirement!]! @relationship(type: "MAPS_TO", direction: OUT, properties: "MapsTo")
    "Mappings this requirement is the object of."
    mappedFrom: [Requirement!]! @relationship(type: "MAPS_TO", direction: IN, properties: "MapsTo")
  }

  type MapsTo @relationshipProperties {
    id: ID!
    relation: String!
    inverseRelation: String!
    rationale: String!
    strength: Int!
    confidence: Float!
    justification: String!
    source: String!
    author: String!
    status: String!
    mappingSet: String!
    inferred: Boolean
  }

  type CoveredRequirement {
    requirement: SharedRequirement!
    relation: String!
    rationale: String!
    strength: Int!
    mappingId: ID!
  }

  "A requirement inside a @cypher answer (a map, not a node)."
  type SharedRequirement {
    id: ID!
    framework: String!
    ref: String!
    kind: String!
    title: String!
    summary: String
    order: Int!
  }

  type SharedControlFramework {
    framework: String!
    coverage: String!
    strength: Int!
    requirements: [CoveredRequirement!]!
  }

  type SharedControl {
    requirement: SharedRequirement!
    frameworkCount: Int!
    totalStrength: Int!
    frameworks: [SharedControlFramework!]!
  }

  type Query {
    sharedControls(minFrameworks: Int! = 2, first: Int! = 50, offset: Int! = 0): [SharedControl!]!
      @cypher(statement: ${JSON.stringify(sharedControls)}, columnName: "row")
  }
`;

const env = process.env;
const auth = env.NEO4J_PASSWORD ? neo4j.auth.basic(env.NEO4J_USER || "neo4j", env.NEO4J_PASSWORD) : undefined;
const driver = neo4j.driver(env.NEO4J_URI || "bolt://127.0.0.1:7687", auth);
const database = env.NEO4J_DATABASE || "neo4j";
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

if (process.argv.includes("--print-schema")) {
  const { printSchema } = await import("graphql");
  console.log(printSchema(schema));
  await driver.close();
  process.exit(0);
}

const yoga = createYoga({
  schema,
  context: { sessionConfig: { database } },
  parserAndValidationCache: env.PEER_PARSE_CACHE === "on",
  graphiql: false,
  landingPage: false,
  maskedErrors: false,
  logging: "warn",
});

const server = createServer(yoga);
server.keepAliveTimeout = 600_000;
server.headersTimeout = 601_000;
server.listen(Number(env.PEER_PORT || 4000), "127.0.0.1");

const stop = () => server.close(() => driver.close().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
