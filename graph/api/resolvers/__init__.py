"""One module per entry point of the schema, each ending in the same loader and the same gate."""
