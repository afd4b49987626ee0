"""The rules of docs/domain.md §4 and §5 judged on records already read and gated: no GraphQL, no I/O."""
