"""Fixtures shared by the report, mail and export tests (defined in ``report_scenario``)."""

from tests.tracker.report_scenario import report_db, report_db_url

__all__ = ["report_db", "report_db_url"]
