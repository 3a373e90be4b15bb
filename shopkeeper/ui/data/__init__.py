"""The data-safety screens: the import wizard, backups and restore, and the start-up offer to
restore a damaged database. Each is standalone; the main window adds them to its menus."""

from shopkeeper.ui.data.backups_view import BackupsView
from shopkeeper.ui.data.damaged import offer_restore_if_damaged
from shopkeeper.ui.data.import_wizard import ImportWizard

__all__ = ["BackupsView", "ImportWizard", "offer_restore_if_damaged"]
