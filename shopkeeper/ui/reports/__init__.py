"""The Reports screen (issue 6): choose a report, see its table and chart, export CSV or PDF."""

from shopkeeper.ui.reports.screen import ReportsView

__all__ = ["ReportsView"]
