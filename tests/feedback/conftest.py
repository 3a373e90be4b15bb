"""The window fixtures of the counter tests, for the feedback tests."""

from tests.ui.conftest import qsettings, shop, window  # noqa: F401
