// The peer: @neo4j/graphql 7 on Apollo Server, with type definitions over normgraph's own labels,
// properties and relationships, reading the same Neo4j. Plain reads need no APOC, so the
// library's compatibility check (which wants APOC, absent from Neo4j Community as Maven Central
// ships it) is not run. Environment: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, PORT.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

export const typeDefs = /* GraphQL */ `
  type Initiative @node {
    id: ID!
    name: String!
    shortName: String
    kind: String!
    adopted: String
    symbol: String
    binding: Boolean!
    status: String!
    summary: String
    url: String
    norms: [Norm!]! @relationship(type: "PART_OF", direction: IN)
  }

  type Norm @node {
    id: ID!
    initiative: String!
    position: Int!
    code: String!
    title: String!
    summary: String
    quoteText: String
    partOf: [Initiative!]! @relationship(type: "PART_OF", direction: OUT)
    themes: [Theme!]! @relationship(type: "ADDRESSES", direction: OUT)
    correspondsTo: [Norm!]! @relationship(type: "CORRESPONDS_TO", direction: OUT)
    correspondedBy: [Norm!]! @relationship(type: "CORRESPONDS_TO", direction: IN)
  }

  type Theme @node {
    id: ID!
    name: String!
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USERNAME, process.env.NEO4J_PASSWORD),
);
const schema = await new Neo4jGraphQL({
  typeDefs,
  driver,
  features: { filters: { String: { CASE_INSENSITIVE: true } } },
}).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT ?? 4000) },
});
console.log(`peer listening at ${url}`);
