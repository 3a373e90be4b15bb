"""The window tests' small shop and settings file (``tests/ui/conftest.py``)."""

from tests.ui.conftest import qsettings, shop  # noqa: F401 - fixtures
