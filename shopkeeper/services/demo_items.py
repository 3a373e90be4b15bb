"""Products for the demo shop, and what its customers buy on a share of their visits.

Drawn from a generator of its own, so the demo's other rows stay exactly what the same seed
gave before products existed. Names are in the shop's language, as a shop would type them.
"""

from __future__ import annotations

import random

from sqlmodel import Session, select

from shopkeeper.domain.products import product_name_key
from shopkeeper.storage import tables as t

# (name, quick key, category) per shop language; English for any other.
DEMO_PRODUCTS = {
    "lt": [
        ("Ruginė duona", "r", "duona"),
        ("Kava su pienu", "k", "kava"),
        ("Cinamono bandelė", "c", "kepiniai"),
        ("Raguolis", "g", "kepiniai"),
        ("Obuolių pyragas", "p", "kepiniai"),
    ],
    "zh-Hans": [
        ("龙井茶", "l", "茶叶"),
        ("乌龙茶", "w", "茶叶"),
        ("普洱茶", "p", "茶叶"),
        ("桂花糕", "g", "茶点"),
        ("绿豆糕", "d", "茶点"),
    ],
    "zh-Hant": [
        ("凍頂烏龍", "d", "茶葉"),
        ("東方美人", "m", "茶葉"),
        ("阿里山高山茶", "a", "茶葉"),
        ("鳳梨酥", "f", "茶點"),
        ("綠豆糕", "g", "茶點"),
    ],
    "en": [
        ("Rye loaf", "r", "bread"),
        ("Oat latte", "l", "coffee"),
        ("Cinnamon bun", "c", "pastry"),
        ("Croissant", "o", "pastry"),
        ("Sourdough", "s", "bread"),
    ],
}
TELLING_SHARE = 0.45  # customers whose items the staff record
RECORDED_SHARE = 0.7  # of those customers' visits, the share with items
FAVOURITE_SHARE = 0.8  # of recorded items, the share that is one of their favourites


class DemoItems:
    """Adds the demo's products to the shop and draws each visit's items."""

    def __init__(self, session: Session, language: str, seed: int) -> None:
        """A shop that already keeps products has its own list used; else the demo's."""
        names = DEMO_PRODUCTS.get(language, DEMO_PRODUCTS["en"])
        own = session.exec(select(t.Product.id).where(t.Product.active == True)).all()  # noqa: E712
        self.product_ids: list[int] = sorted(own)
        for position, (name, key, category) in enumerate([] if own else names, 1):
            product = t.Product(
                name=name,
                name_key=product_name_key(name),
                quick_key=key,
                category=category,
                position=position,
            )
            session.add(product)
            session.flush()
            self.product_ids.append(product.id)  # type: ignore[arg-type]
        self.rng = random.Random(f"demo-items-{seed}")
        self._customer: int | None = None
        self._favourites: list[int] = []
        self._telling = False

    def visit(self, customer_id: int, visit_id: int, rows: list[tuple]) -> None:
        """Append (visit_id, product_id, quantity) rows for one visit, if any are recorded."""
        rng = self.rng
        if customer_id != self._customer:
            self._customer = customer_id
            self._telling = rng.random() < TELLING_SHARE
            self._favourites = rng.sample(self.product_ids, rng.choice((1, 2, 2, 3)))
        if not self._telling or rng.random() >= RECORDED_SHARE:
            return
        chosen: dict[int, int] = {}
        for _item in range(rng.choice((1, 1, 1, 2))):
            pool = self._favourites if rng.random() < FAVOURITE_SHARE else self.product_ids
            product = pool[rng.randrange(len(pool))]
            chosen[product] = chosen.get(product, 0) + rng.choice((1, 1, 1, 2))
        rows.extend((visit_id, product, quantity) for product, quantity in chosen.items())
