"""The audit log screen (who changed what) and the tamper check after backups."""

from shopkeeper.ui.audit.view import AuditView

__all__ = ["AuditView"]
