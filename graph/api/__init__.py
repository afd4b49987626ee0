"""GraphQL: the schema, its arguments and its resolvers; every value leaves through access/present.py."""
