"""The monthly reward letter's rules: who gets one, what it says, and the shop's editable wording.

A letter "for November" is printed after November is closed (early December). So it shows
November's figures, the points that will expire when *December* is closed, and the birthday line
for customers born in December: the month-end job gives that birthday bonus one month ahead
precisely so this letter can announce it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from shopkeeper.i18n import N_, _, supported_language

from .calendar import Month
from .errors import InvalidInput
from .expiry import expiry_cutoff
from .text import clean_text, is_cjk, search_key
from .tiers import Tier, rank
from .vocative import Gender, gender, vocative

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Every placeholder a template may use, with what it stands for (shown to the shop when editing;
# translate with ``_()`` where shown).
PLACEHOLDERS: dict[str, str] = {
    "first_name": N_(
        "the customer's first name as the letter addresses them (Lithuanian: in the vocative, "
        "Jonas → Jonai; Chinese names: the whole name)"
    ),
    "name": N_("the customer's full name"),
    "dear": N_(
        "the word of address for the letter's language (Dear; Lithuanian: Mielasis or Mieloji "
        "by the name, Sveiki, when unsure)"
    ),
    "card_number": N_("the loyalty card number"),
    "shop_name": N_("the shop's name"),
    "month": N_("the month of the letter, e.g. November 2026"),
    "month_number": N_("the month of the letter as 2026-11"),
    "visits": N_("visits in the month"),
    "points_earned": N_("points earned in the month"),
    "points": N_("the points balance now"),
    "tier": N_("the customer's tier"),
    "next_tier": N_("the next tier up"),
    "points_to_next": N_("points still needed for the next tier"),
    "expiring_points": N_("points that expire at the next month-end"),
    "expiry_date": N_("the day those points expire"),
    "birthday_bonus": N_("birthday points given for the birthday month"),
    "reward": N_("the reward of the voucher in the letter"),
    "voucher_code": N_("the voucher's code"),
    "valid_until": N_("the last day the voucher is valid"),
    "favourite": N_(
        "the product the customer buys most often (empty when the shop records none for them)"
    ),
}

MAX_TEMPLATE_TEXT = 1000


@dataclass(frozen=True)
class LetterTemplate:
    """The wording of the letter, every piece editable by the shop, one per language. The
    defaults here are the English letter; ``DEFAULT_TEMPLATES`` holds each language's own."""

    greeting: str = "Dear {first_name},"
    intro: str = (
        "Thank you for being part of {shop_name}. Here is your {month} with us, and what your "
        "points can do for you now."
    )
    figures_title: str = "Your {month}"
    visits_label: str = "Visits"
    points_earned_label: str = "Points earned"
    balance_label: str = "Points balance"
    tier_label: str = "Tier"
    progress: str = "{points_to_next} more points to reach {next_tier}."
    top_tier: str = "You are at our highest tier. Thank you!"
    rewards_title: str = "Rewards you can claim now"
    no_rewards: str = "A few more visits and your first reward is yours."
    expiring: str = (
        "{expiring_points} of your points expire on {expiry_date}: use them before then."
    )
    birthday: str = "Happy birthday this month, {first_name}! We wish you a wonderful day."
    birthday_bonus_line: str = "We have added {birthday_bonus} birthday points to your balance."
    voucher_title: str = "Your voucher: {reward}"
    voucher_note: str = "Show this at the counter by {valid_until}. It can be used once."
    closing: str = "See you soon!"
    signature: str = "{shop_name}"


TEMPLATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(LetterTemplate))

# Written for each language, not translated word for word: a Vilnius bakery, a Shanghai tea
# house, a Taipei shop. Lithuanian avoids putting a number before a noun it would have to agree
# with ("taškų: 120"); dates are the locale's long form ("iki 2027 m. sausio 29 d.").
LETTER_LANGUAGES = ("en", "lt", "zh-Hans", "zh-Hant")
DEFAULT_TEMPLATES: dict[str, LetterTemplate] = {
    "en": LetterTemplate(),
    "lt": LetterTemplate(
        greeting="{dear} {first_name},",
        intro=(
            "Dėkojame, kad renkatės {shop_name}. Siunčiame Jūsų mėnesio apžvalgą ({month}) "
            "ir primename, ką jau dabar galite gauti už sukauptus taškus."
        ),
        figures_title="{month}: Jūsų apsilankymai ir taškai",
        visits_label="Apsilankymai",
        points_earned_label="Surinkta taškų",
        balance_label="Taškų likutis",
        tier_label="Lygis",
        progress="Iki lygio „{next_tier}“ liko surinkti taškų: {points_to_next}.",
        top_tier="Jūs jau turite aukščiausią mūsų lygį. Ačiū, kad esate su mumis!",
        rewards_title="Prizai, kuriuos galite atsiimti jau dabar",
        no_rewards="Dar keli apsilankymai – ir pirmasis prizas bus Jūsų.",
        expiring=(
            "{expiry_date} baigs galioti dalis Jūsų taškų ({expiring_points}), tad "
            "panaudokite juos iki tol."
        ),
        birthday="Su gimtadieniu, {first_name}! Linkime šviesios ir saldžios šventės.",
        birthday_bonus_line="Gimtadienio proga pridėjome Jums premijos taškų: {birthday_bonus}.",
        voucher_title="Jūsų kuponas: {reward}",
        voucher_note=(
            "Parodykite jį prie kasos iki {valid_until}. Kuponą galima panaudoti vieną kartą."
        ),
        closing="Laukiame Jūsų vėl!",
        signature="{shop_name}",
    ),
    "zh-Hans": LetterTemplate(
        greeting="{dear}{name}：",
        intro=(
            "感谢您一直以来对{shop_name}的支持。以下是您{month}的消费情况，"
            "以及您现在可以用积分兑换的奖励。"
        ),
        figures_title="{month}消费概览",
        visits_label="到店次数",
        points_earned_label="本月获得积分",
        balance_label="积分余额",
        tier_label="会员等级",
        progress="再积{points_to_next}分即可升级为{next_tier}。",
        top_tier="您已是我们的最高等级会员，衷心感谢您的支持！",
        rewards_title="您现在可以兑换的奖励",
        no_rewards="再来几次，第一份奖励就是您的了。",
        expiring="您有{expiring_points}积分将于{expiry_date}过期，请尽早使用。",
        birthday="{name}，祝您本月生日快乐！愿您度过美好的一天。",
        birthday_bonus_line="我们已为您送上{birthday_bonus}生日奖励积分。",
        voucher_title="您的兑换券：{reward}",
        voucher_note="请于{valid_until}前到收银台出示此券，仅限使用一次。",
        closing="期待您再次光临！",
        signature="{shop_name}",
    ),
    "zh-Hant": LetterTemplate(
        greeting="{dear}{name}：",
        intro=(
            "感謝您一直以來對{shop_name}的支持。以下是您{month}的消費紀錄，"
            "以及目前可以用點數兌換的好禮。"
        ),
        figures_title="{month}消費概覽",
        visits_label="來店次數",
        points_earned_label="本月獲得點數",
        balance_label="點數餘額",
        tier_label="會員等級",
        progress="再累積{points_to_next}點即可升級為{next_tier}。",
        top_tier="您已是我們的最高等級會員，由衷感謝！",
        rewards_title="您現在可以兌換的獎勵",
        no_rewards="再來店幾次，第一份獎勵就是您的囉！",
        expiring="您有{expiring_points}點將於{expiry_date}到期，請記得在到期前使用。",
        birthday="{name}，祝您本月生日快樂！願您有美好的一天。",
        birthday_bonus_line="生日禮點數{birthday_bonus}點已存入您的帳戶。",
        voucher_title="您的兌換券：{reward}",
        voucher_note="請於{valid_until}前至櫃檯出示本券，限用一次。",
        closing="期待您再次光臨！",
        signature="{shop_name}",
    ),
}

# The word of address before the name, per language (and, in Lithuanian, per the name's gender:
# an unsure guess greets neutrally instead of getting it wrong).
_DEAR: dict[str, dict[Gender, str]] = {
    "en": dict.fromkeys(Gender, "Dear"),
    "lt": {Gender.MALE: "Mielasis", Gender.FEMALE: "Mieloji", Gender.UNKNOWN: "Sveiki,"},
    "zh-Hans": dict.fromkeys(Gender, "亲爱的"),
    "zh-Hant": dict.fromkeys(Gender, "親愛的"),
}


@lru_cache(maxsize=256)
def letter_language(tag: str | None, shop_language: str | None) -> str:
    """The language a letter is written in: the customer's when the program speaks it, else the
    shop's, else English."""
    return supported_language(tag) or supported_language(shop_language) or "en"


def default_template(language: str) -> LetterTemplate:
    """The default wording of the letter in ``language`` (English for any other)."""
    return DEFAULT_TEMPLATES.get(letter_language(language, None), DEFAULT_TEMPLATES["en"])


# The parts as the shop sees them (names of the template's fields).
PART_LABELS: dict[str, str] = {
    "greeting": N_("greeting"),
    "intro": N_("intro"),
    "figures_title": N_("figures title"),
    "visits_label": N_("visits label"),
    "points_earned_label": N_("points earned label"),
    "balance_label": N_("balance label"),
    "tier_label": N_("tier label"),
    "progress": N_("progress"),
    "top_tier": N_("top tier"),
    "rewards_title": N_("rewards title"),
    "no_rewards": N_("no rewards"),
    "expiring": N_("expiring"),
    "birthday": N_("birthday"),
    "birthday_bonus_line": N_("birthday bonus line"),
    "voucher_title": N_("voucher title"),
    "voucher_note": N_("voucher note"),
    "closing": N_("closing"),
    "signature": N_("signature"),
}


def _label(field: str) -> str:
    return _(PART_LABELS[field]) if field in PART_LABELS else field.replace("_", " ")


def placeholders_in(text: str, *, field: str = "text") -> list[str]:
    """The placeholder names in ``text``; refuses anything but plain ``{name}`` placeholders."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise InvalidInput(
            _("The {part} has an unmatched '{{' or '}}'; write {{{{ or }}}} for a literal brace.")
            .format(part=_label(field))
        ) from None
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name == "":
            raise InvalidInput(
                _(
                    "The {part} has an empty placeholder {{}}; write a name such as "
                    "{{first_name}}."
                ).format(part=_label(field))
            )
        if spec or conversion or not name.isidentifier():
            written = "{" + name + ("!" + conversion if conversion else "")
            written += (":" + spec if spec else "") + "}"
            raise InvalidInput(
                _(
                    "The placeholder {placeholder} in the {part} is not allowed; use a plain "
                    "name such as {{points}}."
                ).format(placeholder=written, part=_label(field))
            )
        names.append(name)
    return names


def check_template_text(field: str, text: str) -> str:
    """Clean one piece of wording and check every placeholder is known."""
    if field not in TEMPLATE_FIELDS:
        raise InvalidInput(
            _("The letter has no part called {part!r}; parts: {parts}.").format(
                part=field, parts=", ".join(TEMPLATE_FIELDS)
            )
        )
    text = clean_text(str(text), field=_label(field), max_length=MAX_TEMPLATE_TEXT)
    for name in placeholders_in(text, field=field):
        if name not in PLACEHOLDERS:
            raise InvalidInput(
                _("Unknown placeholder {placeholder} in the {part}. Known placeholders: {known}.")
                .format(
                    placeholder="{" + name + "}",
                    part=_label(field),
                    known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
                )
            )
    return text


def check_template(template: LetterTemplate) -> LetterTemplate:
    """Refuse a template that would print a broken letter; called before anything is printed."""
    for field in TEMPLATE_FIELDS:
        check_template_text(field, getattr(template, field))
    return template


def template_from(data: Mapping[str, object], language: str = "en") -> LetterTemplate:
    """A template from stored settings: missing parts take the language's default wording."""
    known = {k: str(v) for k, v in data.items() if k in TEMPLATE_FIELDS}
    return replace(default_template(language), **known)


def fill(text: str, values: Mapping[str, object]) -> str:
    """Put the values into a checked template text."""
    return text.format_map(values)


def first_name(name: str) -> str:
    """How the greeting addresses someone: the first word of a Western name; a Chinese name is
    written whole (family name first, and "Dear 小明" would be too familiar)."""
    name = name.strip()
    if any(is_cjk(ch) for ch in name):
        return name
    return name.split()[0] if name.split() else name


def month_label(month: Month) -> str:
    """The month in English ("November 2026"); a letter in another language formats its
    month through ``printing.locale_format``."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


@dataclass(frozen=True)
class Address:
    """How a letter addresses its customer: ``first_name`` as the greeting puts it (vocative in
    Lithuanian), ``dear`` the word before it, and ``salutation`` the shop's own greeting line
    for this customer (None: the template's greeting)."""

    first_name: str
    dear: str
    salutation: str | None = None


def addressing(name: str, language: str, salutation: str | None = None) -> Address:
    """Who the letter speaks to, in ``language``: "Jonas Kazlauskas" in Lithuanian is
    ("Jonai", "Mielasis"); "Agnė" is ("Agne", "Mieloji"); a name the rules cannot place is
    greeted neutrally ("Sveiki,"). A Chinese name is written whole."""
    language = letter_language(language, None)
    given = first_name(name)
    sex = Gender.UNKNOWN
    if language == "lt" and not any(is_cjk(ch) for ch in given):
        sex = gender(given)
        given = vocative(given)
    words = _DEAR.get(language, _DEAR["en"])
    return Address(given, words[sex], (salutation or "").strip() or None)


def mailing_month(month: Month) -> Month:
    """The letter for ``month`` is mailed (and read) in the month after it."""
    return month.shift(1)


def is_birthday_letter(birthday: date | None, month: Month) -> bool:
    """The birthday line goes to those whose birthday falls in the month the letter is read."""
    return birthday is not None and birthday.month == mailing_month(month).month


@dataclass(frozen=True)
class ExpiryWindow:
    """Points earned before ``cutoff`` expire when ``closes`` is closed, at the end of
    ``last_day``."""

    closes: Month
    cutoff: datetime
    last_day: date


def next_expiry(month: Month, expiry_months: int) -> ExpiryWindow | None:
    """The expiry the letter for ``month`` warns about: the next month-end after it.

    Uses the same cutoff as the month-end job (``expiry.expiry_cutoff``); the amount is
    ``expiry.points_to_expire`` with everything spent so far, i.e. the same FIFO rule.
    None when points never expire.
    """
    if expiry_months <= 0:
        return None
    closes = mailing_month(month)
    return ExpiryWindow(
        closes, expiry_cutoff(closes, expiry_months), closes.shift(1).first_day - timedelta(days=1)
    )


@dataclass(frozen=True)
class CatalogueReward:
    name: str
    points_cost: int
    min_tier_id: int | None


def claimable(
    rewards: Sequence[CatalogueReward], balance: int, tier: Tier | None, tiers: Sequence[Tier]
) -> list[CatalogueReward]:
    """Active rewards this balance pays for and this tier allows, cheapest first (the same rule
    as the counter's ``affordable_rewards``)."""
    held = rank(tier, tiers)
    out = []
    for reward in sorted(rewards, key=lambda r: (r.points_cost, r.name)):
        if reward.points_cost > balance:
            continue
        minimum = next((t for t in tiers if t.id == reward.min_tier_id), None)
        if minimum is None or rank(minimum, tiers) <= held:
            out.append(reward)
    return out


# Why a customer gets no letter, in the order they are checked.
# Shown to the shop: translate with ``_()`` where shown.
SKIP_ARCHIVED = N_("archived")
SKIP_NO_CONSENT = N_("no consent to letters")
SKIP_NO_ADDRESS = N_("no postal address")
SKIP_ALREADY_SENT = N_("already sent")


SKIP_NOT_YET_MEMBER = N_("joined after the month")
SKIP_EXCLUDED = N_("excluded by the shop for this month")


def skip_kind(
    *,
    archived: bool,
    consent: bool,
    address: str | None,
    sent_on: date | None,
    reprint: bool,
    joined_after: bool = False,
    excluded: bool = False,
) -> str | None:
    """None when the customer gets a letter; otherwise which ``SKIP_*`` reason keeps them out.
    ``joined_after``: the customer joined after the month ended (no letter about a month they
    were not a member in). ``excluded``: the shop left them out of this month's letters (its
    choice, checked after the customer's own consent and address, and even on a reprint)."""
    if archived:
        return SKIP_ARCHIVED
    if joined_after:
        return SKIP_NOT_YET_MEMBER
    if not consent:
        return SKIP_NO_CONSENT
    if not (address or "").strip():
        return SKIP_NO_ADDRESS
    if excluded:
        return SKIP_EXCLUDED
    if sent_on is not None and not reprint:
        return SKIP_ALREADY_SENT
    return None


def skip_text(kind: str, sent_on: date | None = None) -> str:
    """The reason shown in the skip report, in the language spoken."""
    if kind == SKIP_ALREADY_SENT and sent_on is not None:
        return _("already sent on {date} (choose reprint to send again)").format(
            date=sent_on.isoformat()
        )
    return _(kind)


def skip_reason(*, sent_on: date | None, **facts: object) -> str | None:
    """``skip_kind`` as the text shown (None: the customer gets a letter)."""
    kind = skip_kind(sent_on=sent_on, **facts)  # type: ignore[arg-type]
    return None if kind is None else skip_text(kind, sent_on)


MAX_ADDRESS_LINES = 7  # what fits the envelope window


def address_block(name: str, address_lines: Sequence[str]) -> list[str]:
    """The lines shown in the envelope window: the name, then the postal address. A stored
    address that already starts with the name (or the name written without accents) does not
    get it twice."""
    lines = [line.strip() for line in address_lines if line.strip()]
    if not (lines and search_key(lines[0]) == search_key(name)):
        lines.insert(0, name.strip())
    return lines[:MAX_ADDRESS_LINES]
