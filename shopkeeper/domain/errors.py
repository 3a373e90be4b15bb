"""Errors a user can cause and understand. The faces show ``str(error)`` as the message."""

from shopkeeper.i18n import _


class ShopkeeperError(Exception):
    """Base of every error that should reach the user as one clear line, never a traceback."""


class InvalidInput(ShopkeeperError):
    """A value the user typed cannot be accepted (empty name, bad email, negative amount...)."""


class UnknownCard(ShopkeeperError):
    def __init__(self, card_number: str) -> None:
        super().__init__(_("No customer has card number {card}.").format(card=repr(card_number)))
        self.card_number = card_number


class UnknownRecord(ShopkeeperError):
    """A reward, visit, note or voucher id that does not exist."""


class DuplicateCard(ShopkeeperError):
    def __init__(self, card_number: str) -> None:
        super().__init__(
            _("Card number {card} already belongs to another customer.").format(
                card=repr(card_number)
            )
        )
        self.card_number = card_number


class DuplicatePhone(ShopkeeperError):
    """Another customer has this phone; the face may ask, then retry allowing duplicates."""

    def __init__(self, phone: str, other_name: str, other_card: str) -> None:
        super().__init__(
            _("Phone {phone} already belongs to {name} (card {card}).").format(
                phone=phone, name=other_name, card=other_card
            )
        )
        self.phone = phone
        self.other_name = other_name
        self.other_card = other_card


class NotEnoughPoints(ShopkeeperError):
    def __init__(self, needed: int, balance: int) -> None:
        super().__init__(
            _("Not enough points: this needs {needed}, the balance is {balance}.").format(
                needed=needed, balance=balance
            )
        )
        self.needed = needed
        self.balance = balance


class NotAllowed(ShopkeeperError):
    """The action is valid input but not allowed in the current state (archived customer,
    visit already reversed, reward above the customer's tier...)."""


class DatabaseBusy(ShopkeeperError):
    """Another till held the database for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__(
            _("The database is busy (another till is writing). Please try again.")
        )


class DatabaseTooNew(ShopkeeperError):
    """The file was written by a newer Shopkeeper; opening it could damage it."""


class DatabaseDamaged(ShopkeeperError):
    """The database file fails SQLite's own checks; the shop is offered its latest good backup."""

    def __init__(self, path: object, detail: str) -> None:
        super().__init__(
            _(
                "The shop's database {path} is damaged ({detail}). It has not been changed; "
                "restore the latest backup (shopkeeper restore FILE, or Backups in the window)."
            ).format(path=path, detail=detail)
        )
        self.path = path
        self.detail = detail
