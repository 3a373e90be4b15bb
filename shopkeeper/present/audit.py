"""An audit row in words (the audit screen, ``shopkeeper audit``): its kind, who, and what
changed as "field: before → after"."""

from __future__ import annotations

import json
from collections.abc import Mapping

from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.services import integrity

KIND_LABELS: dict[str, str] = {
    "audit.start": N_("Audit log started (upgrade)"),
    "visit": N_("Visit booked"),
    "visit.undo": N_("Visit taken back"),
    "redemption": N_("Reward redeemed"),
    "redemption.cancel": N_("Redemption cancelled"),
    "voucher.use": N_("Voucher used"),
    "correction": N_("Points corrected"),
    "note": N_("Note added"),
    "note.edit": N_("Note edited"),
    "note.pin": N_("Note pinned or unpinned"),
    "note.resolve": N_("Problem resolved"),
    "customer.add": N_("Customer added"),
    "customer.edit": N_("Customer edited"),
    "customer.archive": N_("Customer archived"),
    "customer.restore": N_("Customer brought back"),
    "merge": N_("Customers merged"),
    "erase": N_("Customer erased"),
    "import": N_("Customers imported"),
    "programme.shop": N_("Shop details changed"),
    "programme.rules": N_("Earning rules changed"),
    "programme.tiers": N_("Tiers changed"),
    "programme.reward": N_("Reward changed"),
    "programme.cause": N_("Cause changed"),
    "month_end": N_("Month-end"),
    "restore": N_("Backup restored"),
    "staff": N_("Staff changed"),
    "staff.add": N_("Staff member added"),
    "staff.change": N_("Staff member changed"),
    "staff.unlock": N_("Staff member unlocked"),
    "staff.approve": N_("Owner approved an action"),
    "staff.settings": N_("Staff limits changed"),
    "lockout": N_("Locked after wrong PINs"),
    "programme.product": N_("Product changed"),
    "customer.salutation": N_("Letter greeting changed"),
    "letters.template": N_("Letter wording changed"),
    "letters.sent": N_("Letters recorded as sent"),
    "letters.exclude": N_("Customers left out of a month's letters"),
    "letters.include": N_("Customers back in a month's letters"),
    "printing.settings": N_("Printing settings changed"),
    "programme.touchpoints": N_("Feedback touchpoints changed"),
    "feedback": N_("Feedback recorded"),
}


def kind_label(kind: str) -> str:
    """The words for a kind; an unknown kind (a newer version's) shows as itself."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind


def who(staff_name: str | None) -> str:
    return staff_name or _("(no name)")


def _value(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(
    before: Mapping[str, object] | None, after: Mapping[str, object] | None, *, redacted: bool
) -> str:
    """"field: before → after; …" (only "after" for something new). Erased text says so."""
    if redacted:
        return _("(erased under privacy law)")
    before, after = before or {}, after or {}
    parts = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in before and key in after:
            parts.append(
                _("{field}: {before} → {after}").format(
                    field=key, before=_value(before[key]), after=_value(after[key])
                )
            )
        elif key in after:
            parts.append(_("{field}: {value}").format(field=key, value=_value(after[key])))
        else:
            removed = _("{field}: {value} (removed)")
            parts.append(removed.format(field=key, value=_value(before[key])))
    return "; ".join(parts)


def broken_text(broken: integrity.Break) -> str:
    """One line naming the first broken row and what is wrong with it."""
    table = _("ledger entry") if broken.table == integrity.LEDGER else _("audit row")
    if broken.problem == integrity.EDITED:
        text = _("BROKEN: {table} {id} was changed outside Shopkeeper (its hash does not match).")
    elif broken.problem == integrity.DELETED:
        text = ngettext(
            "BROKEN: {n} row is missing before {table} {id} (deleted outside Shopkeeper).",
            "BROKEN: {n} rows are missing before {table} {id} (deleted outside Shopkeeper).",
            broken.missing,
        )
    else:
        text = _("BROKEN: {table} {id} was added outside Shopkeeper (it is not in the chain).")
    return text.format(table=table, id=broken.row_id, n=broken.missing)


def restored_warning(checked: integrity.Verification) -> str:
    """The restore's warning: the restored file's chains are broken (it was edited)."""
    return _("Warning: the restored data fails the tamper check. {problem}").format(
        problem=broken_text(checked.broken)
    )
