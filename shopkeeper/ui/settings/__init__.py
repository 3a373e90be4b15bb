"""The Programme settings screen (``SettingsView``), a standalone widget the main window embeds."""

from shopkeeper.ui.settings.view import SettingsView

__all__ = ["SettingsView"]
