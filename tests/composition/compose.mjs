// Composes one subgraph's SDL (the file named on the command line) into a supergraph with Apollo's
// composition and with The Guild's (Hive Gateway), and prints each one's errors as JSON: [] when it composes.
import { readFileSync } from "node:fs";
import { composeServices as composeWithApollo } from "@apollo/composition";
import { composeServices as composeWithTheGuild } from "@theguild/federation-composition";
import { parse } from "graphql";

const subgraph = { name: "lienthong", url: "http://127.0.0.1:8000/graphql", typeDefs: parse(readFileSync(process.argv[2], "utf8")) };
const errors = (result) => (result.errors || []).map((error) => error.message);
console.log(
  JSON.stringify({
    "Apollo": errors(composeWithApollo([subgraph])),
    "The Guild": errors(composeWithTheGuild([subgraph])),
  })
);
