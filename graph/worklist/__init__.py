"""The reconciliation work list: each finding's case (status, assignee, notes), kept per agency."""
