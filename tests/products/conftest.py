"""The window tests' small shop and settings file, for the products' window tests."""

from tests.ui.conftest import qsettings, shop  # noqa: F401 - fixtures
