"""The operations the CLI, the dashboard and the reports share; each takes a Session.

Services never commit: the caller owns the transaction (``tracker.db.session_scope``), so a
command can make one document, or one user action, all-or-nothing.
"""
