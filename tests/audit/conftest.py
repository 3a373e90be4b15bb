"""The window fixtures of tests/ui, for the audit screen's tests."""

from tests.ui.conftest import qsettings, shop, window  # noqa: F401
