"""What the counter prepares on a worker thread once the window is up.

The first customer of each phone region shown at the counter used to pay for that region's
phone metadata and formatting patterns (an import and up to twenty regex compiles: 1-5 ms on
the scan). Read which regions the shop's customers use and prepare them before anyone scans.
The first scan also compiled the profile's prepared statements (``storage.prepared``, a few ms
each): one customer's profile is read here first.
"""

from __future__ import annotations

from sqlalchemy import func, select

from shopkeeper.domain.contact import phone_regions, warm_phone_formats
from shopkeeper.services import programme
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

_C = t.Customer.__table__
# Distinct "+CCC" heads of the stored E.164 numbers, from the phone index.
_PREFIXES = select(func.substr(_C.c.phone, 1, 4)).where(_C.c.phone.is_not(None)).distinct()
_NEWEST_CARD = select(_C.c.card_number).where(_C.c.archived_at.is_(None)).order_by(_C.c.id.desc())


def phone_regions_in_use(db: Database) -> set[str]:
    """The shop's own country and the regions of its customers' phone numbers."""
    with db.read() as session:
        country = programme.load_in(session).shop.country
        prefixes = session.connection().execute(_PREFIXES).scalars().all()
    return {country.upper(), *phone_regions(prefixes)} if country else phone_regions(prefixes)


def prepare_counter(db: Database) -> int:
    """Warm the phone formats of every region in use and the profile's statements; returns the
    example numbers formatted."""
    formatted = warm_phone_formats(sorted(phone_regions_in_use(db)))
    with db.read_rows() as connection:
        card = connection.execute(_NEWEST_CARD.limit(1)).scalar()
    if card is not None:
        customer_summary(db, card)
    return formatted
