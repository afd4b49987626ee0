"""Who may see what: tokens, policies, the gate every field passes, and the audit trail.

The security review surface: a change here changes what a viewer may see or what is recorded.
"""
