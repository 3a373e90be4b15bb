"""The fixtures of the counter and command-line tests, for the feedback tests."""

from tests.cli.test_cli import card, cli  # noqa: F401
from tests.ui.conftest import qsettings, shop, window  # noqa: F401
