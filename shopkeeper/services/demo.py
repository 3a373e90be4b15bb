"""A realistic demo shop, deterministic for a seed, fast enough for 100,000 customers.

The demo is a *replay* of the real programme, not a pile of random rows: every customer joins
(welcome bonus), visits (points from ``domain.rules.points_for_visit`` times the multiplier of the
tier held at that moment, upgrade at once by ``domain.tiers.tier_after_visit``), pays the referral
bonus to whoever brought them on their first visit, redeems rewards they can afford, and goes
through every month-end the shop ran (expiry by ``domain.expiry``, birthday bonuses, tier review by
``domain.tiers.tier_at_review``), in time order. So the cached figures on each customer equal their
ledger and visits, and running ``month_end`` afterwards expires nothing and gives no bonus twice.

Who the customers are (shares of all customers):

* joining: a quarter are the shop's old regulars who join in its first month, the rest join on
  any day up to yesterday; a member joins at the counter, two minutes before their first visit;
* visit rhythm: 16 % weekly regulars (every 5-9 days, skipping a week now and then), 30 % monthly
  (each with their own usual gap of 12-35 days), 14 % drifting away (weekly for a while, then
  longer gaps, then gone for at least six weeks), 20 % occasional (every 45-120 days), 17 % come
  once, 3 % joined without ever buying (a sign-up for letters). About 22 visits a customer over
  24 months, 2.2 million visits for 100,000 customers;
* baskets of 3-40 EUR (each customer has a usual basket around 8 EUR, each visit varies), at the
  customer's usual hour of a 07:00-20:00 shop day;
* names: about 46 % Lithuanian, 16 % Chinese (simplified), 10 % Taiwanese (traditional), 16 %
  English, 12 % Polish, French, German, Latvian, Estonian, Russian, Spanish; phones of their
  country (LT, CN, TW, UK, US) in E.164 for 93 %, emails for 60 %, birthdays for 85 %, postal
  addresses for 80 % (three quarters of them consent to letters), 8 % referred by an earlier
  member, 2-3 % archived after they stopped coming;
* redemptions: a quarter never redeem, the others redeem a reward they can afford after a visit
  with a chance of 25 % or 70 %; most vouchers are used at once or on the next visit; one
  donation reward (bread for the food bank) is added to the catalogue if it has none;
* notes for 30 %: pinned preferences, problems (most resolved), general notes; some of them
  give feedback instead: a 0-10 answer at the counter with their words as its comment (the
  ``feedback`` table the NPS report counts; a note carries no score).

Rows go in with bulk inserts in batches, ids computed here; on SQLite through the driver's
``executemany`` in exactly the text format SQLAlchemy stores (``driver_rows=False`` uses
SQLAlchemy Core, as on any other database). Everything is one transaction: a shop is either
fully built or untouched.
"""

from __future__ import annotations

import random
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, Table, insert, text
from sqlmodel import select

from shopkeeper.domain import codes
from shopkeeper.domain.calendar import Month, local_date, local_midnight
from shopkeeper.domain.contact import normalise_phone
from shopkeeper.domain.errors import InvalidInput, NotAllowed
from shopkeeper.domain.expiry import expiry_cutoff, points_to_expire
from shopkeeper.domain.ledger import Kind
from shopkeeper.domain.rules import EarningRules, points_for_visit
from shopkeeper.domain.text import search_key
from shopkeeper.domain.tiers import Tier, rank, tier_after_visit, tier_at_review, tier_for
from shopkeeper.i18n import N_, SOURCE_LANGUAGE, _, speaking, supported_language
from shopkeeper.services import programme
from shopkeeper.services.common import TIER_WINDOW
from shopkeeper.services.demo_items import DemoItems
from shopkeeper.services.tier_history import Reason
from shopkeeper.storage import rhythm as rhythm_store
from shopkeeper.storage import search as search_index
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database

BATCH_CUSTOMERS = 2000  # customers simulated and written per batch (~45,000 rows)
DONATION_CAUSE = N_("City food bank")
DONATION_REWARD = (N_("Bread for the food bank"), 200, 500, 30)  # name, points, cents, days valid

# -- Names -------------------------------------------------------------------------------------
# Latin-script names carry their own ASCII form (search_key); others give it after a "/".


def _words(text: str) -> list[str]:
    return text.split()


_LT_MEN = _words(
    "Jonas Petras Mindaugas Ąžuolas Žygimantas Šarūnas Vytautas Tomas Darius Kęstutis Gytis "
    "Rokas Dovydas Lukas Matas Arūnas Saulius Algirdas Gediminas Paulius"
)
_LT_WOMEN = _words(
    "Ona Rūta Eglė Gintarė Aušra Laima Dalia Ieva Giedrė Austėja Urtė Goda Jurgita Živilė "
    "Vaida Agnė Kotryna Gabija Milda Danutė"
)
_LT_SURNAMES = [  # (man, married woman, unmarried woman)
    ("Kazlauskas", "Kazlauskienė", "Kazlauskaitė"),
    ("Jankauskas", "Jankauskienė", "Jankauskaitė"),
    ("Petrauskas", "Petrauskienė", "Petrauskaitė"),
    ("Stankevičius", "Stankevičienė", "Stankevičiūtė"),
    ("Vasiliauskas", "Vasiliauskienė", "Vasiliauskaitė"),
    ("Žukauskas", "Žukauskienė", "Žukauskaitė"),
    ("Butkus", "Butkienė", "Butkutė"),
    ("Paulauskas", "Paulauskienė", "Paulauskaitė"),
    ("Urbonas", "Urbonienė", "Urbonaitė"),
    ("Šimkus", "Šimkienė", "Šimkutė"),
    ("Balčiūnas", "Balčiūnienė", "Balčiūnaitė"),
    ("Jonaitis", "Jonaitienė", "Jonaitytė"),
    ("Žemaitis", "Žemaitienė", "Žemaitė"),
    ("Navickas", "Navickienė", "Navickaitė"),
    ("Ramanauskas", "Ramanauskienė", "Ramanauskaitė"),
    ("Sadauskas", "Sadauskienė", "Sadauskaitė"),
    ("Mockus", "Mockienė", "Mockutė"),
    ("Adomaitis", "Adomaitienė", "Adomaitytė"),
]
_ZH_SURNAMES = _words(
    "王/wang 李/li 张/zhang 刘/liu 陈/chen 杨/yang 黄/huang 赵/zhao 吴/wu 周/zhou 徐/xu "
    "孙/sun 马/ma 朱/zhu 胡/hu 郭/guo 何/he 林/lin 高/gao 罗/luo"
)
_ZH_GIVEN = _words(
    "小明/xiaoming 伟/wei 芳/fang 秀英/xiuying 娜/na 敏/min 静/jing 丽/li 强/qiang 磊/lei "
    "军/jun 洋/yang 勇/yong 艳/yan 杰/jie 涛/tao 超/chao 秀兰/xiulan 建华/jianhua "
    "志强/zhiqiang 海燕/haiyan 雪梅/xuemei 子涵/zihan 欣怡/xinyi 浩然/haoran 宇轩/yuxuan "
    "思彤/sitong 俊杰/junjie 晓东/xiaodong 丽娟/lijuan"
)
_TW_SURNAMES = _words(
    "陳/chen 林/lin 黃/huang 張/chang 李/lee 王/wang 吳/wu 劉/liu 蔡/tsai 楊/yang 許/hsu "
    "鄭/cheng 謝/hsieh 郭/kuo 洪/hung"
)
_TW_GIVEN = _words(
    "美玲/meiling 志明/chihming 淑芬/shufen 雅婷/yating 家豪/chiahao 怡君/yichun 冠宇/kuanyu "
    "宗翰/tsunghan 佳穎/chiaying 俊傑/chunchieh 詩涵/shihhan 承恩/chengen 雅雯/yawen "
    "建宏/chienhung 惠珍/huichen 文雄/wenhsiung 淑惠/shuhui 嘉玲/chialing"
)
_EN_FIRST = _words(
    "James Oliver Emma Olivia Amelia Jack Harry Charlotte Sophie William Grace Thomas Emily "
    "Daniel Chloe Zoë Noah Isla Michael Sarah Ethan Hannah"
)
_EN_SURNAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White O'Brien Clarke Hughes Miller Anderson Moore"
)
# language: (first names, surnames). Even entries are men's, odd ones women's, and a first name
# takes a surname of the same parity: "Agnieszka Wiśniewska", never "Agnieszka Kowalski".
_OTHERS: dict[str, tuple[list[str], list[str]]] = {
    "pl": (
        _words("Łukasz Agnieszka Paweł Małgorzata Piotr Katarzyna Grzegorz Zofia"),
        _words("Kowalski Wiśniewska Wójcik Dąbrowska Kamiński Zielińska Lewandowski Szymańska"),
    ),
    "fr": (
        _words("François Chloé Étienne Hélène Jérôme Zoé"),
        _words("Lefèvre Dubois Girard Mercier Bélanger Rousseau"),
    ),
    "de": (
        _words("Jürgen Lena Günther Jana Matthias Käthe"),
        _words("Müller Schäfer Groß Köhler Weiß Bäcker"),
    ),
    "lv": (
        _words("Jānis Līga Mārtiņš Ilze Andris Inese"),
        _words("Bērziņš Ozoliņa Kalniņš Liepiņa Krūmiņš Zariņa"),
    ),
    "et": (
        _words("Jüri Kadri Tõnu Mari Märt Liis"),
        _words("Tamm Mägi Kask Saar Sepp Rebane"),
    ),
    "ru": (
        _words("Дмитрий/dmitrij Анна/anna Сергей/sergej Ольга/olga Алексей/aleksej Мария/maria"),
        _words(
            "Иванов/ivanov Смирнова/smirnova Кузнецов/kuznecov Попова/popova Соколов/sokolov "
            "Лебедева/lebedeva"
        ),
    ),
    "en": (  # Spanish speakers: there is no Spanish interface, so they chose English
        _words("José María Alejandro Lucía Andrés Sofía"),
        _words("García Fernández Martínez López Sánchez Pérez"),
    ),
}
_OTHER_LANGUAGES = list(_OTHERS)

# -- Phones, emails and addresses by country ---------------------------------------------------

_CN_PREFIXES = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 158, 159, 186]
_US_CITIES = [
    ("New York", "NY", "10118", (212, 646)),
    ("San Francisco", "CA", "94103", (415,)),
    ("Boston", "MA", "02116", (617,)),
    ("Seattle", "WA", "98101", (206,)),
]
_EMAIL_DOMAINS = {
    "LT": ("gmail.com", "inbox.lt", "one.lt", "yahoo.com"),
    "CN": ("qq.com", "163.com", "126.com"),
    "TW": ("gmail.com", "yahoo.com.tw", "hotmail.com"),
    "GB": ("outlook.com", "btinternet.com", "gmail.com"),
    "US": ("gmail.com", "yahoo.com", "outlook.com"),
}
_LT_STREETS = [
    "Gedimino pr.",
    "Vilniaus g.",
    "Žalgirio g.",
    "Šv. Ignoto g.",
    "Antakalnio g.",
    "Savanorių pr.",
    "Laisvės al.",
    "Kęstučio g.",
    "Ąžuolyno g.",
    "Užupio g.",
    "Pylimo g.",
    "Didžioji g.",
]
_LT_CITIES = ["Vilnius", "Vilnius", "Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys"]
_CN_PLACES = [
    ("北京市", "朝阳区", "100020"),
    ("上海市", "徐汇区", "200030"),
    ("广州市", "天河区", "510620"),
    ("杭州市", "西湖区", "310007"),
    ("成都市", "武侯区", "610041"),
]
_CN_STREETS = ["建国路", "中山路", "人民路", "解放路", "南京西路"]
_TW_PLACES = [("臺北市", "大安區", "106"), ("新北市", "板橋區", "220"), ("臺中市", "西屯區", "407")]
_TW_STREETS = ["忠孝東路四段", "信義路三段", "中山北路二段", "民生路", "文心路"]
_UK_PLACES = [("London", "NW1 6XE"), ("Manchester", "M1 4BT"), ("Leeds", "LS1 5AB")]
_UK_STREETS = ["Baker Street", "High Street", "Station Road", "Church Lane", "Victoria Road"]
_US_STREETS = ["Fifth Avenue", "Market Street", "Main Street", "Elm Street", "Pine Street"]

# -- Notes --------------------------------------------------------------------------------------

_PREFERENCES = [
    "Asked for the rye loaf",
    "Keep a poppy-seed roll aside on Fridays",
    "Oat milk in the latte",
    "Gluten-free: show the label",
    "Prefers the dark roast",
    "Orders a name-day cake every year",
    "No sugar in the tea",
    "Visada perka juodą duoną",
    "喜欢乌龙茶，少糖",
    "喜歡珍珠奶茶，半糖少冰",
]
_PROBLEMS = [
    "The card did not scan; typed the number",
    "Cake order was late for the party",
    "Charged twice for one coffee",
    "Found the bread too dry",
    "Voucher printer jammed, voucher written by hand",
]
_FEEDBACK = [
    "Loves the new cinnamon buns",
    "Says the tea room is too cold in the morning",
    "Would like more seats by the window",
    "Very happy with the birthday cake",
    "Thinks the queue at lunch is too long",
]
_GENERAL = ["Moved to Kaunas, comes on weekends", "Works next door", "Brings the dog along"]
_STAFF = ["Rūta", "Mei", "Tom", "Jonas"]
# A shop of a country (``--locale``) writes its notes in each customer's language.
_NOTES_BY_LANGUAGE = {
    "lt": {
        "preference": ["Visada perka juodą duoną", "Penktadieniais atidėti aguoninę bandelę",
                       "Latte su avižų pienu", "Be glitimo: parodyti etiketę",
                       "Kasmet užsako vardadienio tortą"],
        "problem": ["Kortelė nenusiskaitė, numerį įvedėme ranka",
                    "Tortas šventei buvo pavėluotas", "Už vieną kavą nuskaičiuota dukart"],
        "feedback": ["Labai patinka naujos cinamoninės bandelės",
                     "Sako, kad rytais kavinėje per šalta", "Norėtų daugiau vietų prie lango"],
        "general": ["Persikėlė į Kauną, užsuka savaitgaliais", "Dirba kaimynystėje",
                    "Ateina su šunimi"],
    },
    "zh-Hans": {
        "preference": ["喜欢乌龙茶，少糖", "每周五留一个豆沙包", "拿铁换燕麦奶",
                       "不吃麸质：请出示标签"],
        "problem": ["会员卡扫不出来，手动输入了卡号", "生日蛋糕送晚了", "一杯咖啡收了两次钱"],
        "feedback": ["很喜欢新出的肉桂卷", "说早上茶室太冷", "希望靠窗多一些座位"],
        "general": ["搬到了浦东，周末来", "在隔壁上班", "常带狗一起来"],
    },
    "zh-Hant": {
        "preference": ["喜歡珍珠奶茶，半糖少冰", "每週五留一個紅豆餅", "拿鐵換燕麥奶",
                       "不吃麩質：請出示標示"],
        "problem": ["會員卡掃不到，手動輸入卡號", "生日蛋糕晚送到了", "一杯咖啡收了兩次錢"],
        "feedback": ["很喜歡新的肉桂捲", "說早上茶室太冷", "希望靠窗多一些座位"],
        "general": ["搬到新北，週末會來", "在隔壁上班", "常帶狗一起來"],
    },
}

# -- Rhythms --------------------------------------------------------------------------------------

WEEKLY, MONTHLY, DRIFTING, OCCASIONAL, ONCE, NEVER = range(6)
_RHYTHMS = (WEEKLY, MONTHLY, DRIFTING, OCCASIONAL, ONCE, NEVER)
_RHYTHM_WEIGHTS = (16, 30, 14, 20, 17, 3)
_OPEN_MINUTE, _CLOSE_MINUTE = 7 * 60, 20 * 60


@dataclass(frozen=True)
class DemoResult:
    customers: int
    visits: int
    redemptions: int
    notes: int
    ledger_entries: int
    archived: int
    referrals: int
    months: int
    seed: int
    seconds: float


@dataclass(slots=True)
class _Profile:
    """One customer before the replay: who they are and how they behave."""

    name: str
    email_name: str
    language: str
    country: str | None  # phone country; None: no phone
    join_day: int
    minute: int  # usual minute of the day they come
    rhythm: int
    archive: bool  # stops coming at some point and is archived a while later
    basket: float  # usual basket in EUR
    redeem_chance: float
    goal: float  # which reward they save for: 0 the cheapest .. 1 the dearest
    id: int = 0
    join_at: datetime | None = None
    referred_by: int | None = None
    credits: list[datetime] = field(default_factory=list)  # referral bonuses earned, in order


class _Span:
    """The demo's calendar: local days mapped to UTC instants, and the month-ends the shop ran.

    Times inside the generator are naive UTC datetimes (cheaper to compare than aware ones); they
    become aware (SQLAlchemy) or SQLAlchemy's text form (driver) only when written.
    """

    def __init__(self, now: datetime, months: int, expiry_months: int) -> None:
        self.now = now.astimezone(UTC).replace(tzinfo=None)
        self.today = local_date(now)
        # A visit's redemption and voucher follow it by minutes: keep them all in the past.
        self.last_visit = self.now - timedelta(minutes=10)
        first = Month.of(self.today).shift(-months)
        self.start = date(first.year, first.month, min(self.today.day, 28))
        self.days = (self.today - self.start).days  # day indexes 0..days (today)
        self.midnights = [
            _naive(local_midnight(self.start + timedelta(days=d))) for d in range(self.days + 2)
        ]
        # (end, cutoff for expiry, month closed, birthday month, birthday period)
        self.closes: list[tuple[datetime, datetime | None, str, int, str]] = []
        month = Month.of(self.start)
        while month < Month.of(self.today):
            following = month.shift(1)
            cutoff = _naive(expiry_cutoff(month, expiry_months)) if expiry_months > 0 else None
            self.closes.append(
                (_naive(month.end()), cutoff, str(month), following.month, str(following.year))
            )
            month = following
        self.close_ends = [close[0] for close in self.closes]

    def at(self, day: int, minute: int, second: int = 0) -> datetime:
        return self.midnights[day] + timedelta(minutes=minute, seconds=second)

    def day_of(self, instant: datetime) -> int:
        return bisect_left(self.midnights, instant + timedelta(microseconds=1)) - 1


def _naive(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(tzinfo=None)


def _sqlite_time(instant: datetime | None) -> str | None:
    """SQLAlchemy's SQLite text form of a UTC datetime ("2026-11-16 10:00:00.000000")."""
    return None if instant is None else instant.isoformat(" ", "microseconds")


def _aware(instant: datetime | None) -> datetime | None:
    return None if instant is None else instant.replace(tzinfo=UTC)


def _ascii(text: str) -> str:
    return "".join(ch for ch in search_key(text) if ch.isascii() and ch.isalnum())


def _part(item: str) -> tuple[str, str]:
    shown, _, latin = item.partition("/")
    return shown, latin or _ascii(shown)


class _Writer:
    """Bulk inserts in the caller's transaction: SQLite's driver directly, or SQLAlchemy Core."""

    def __init__(self, connection: Connection, *, driver_rows: bool) -> None:
        self.connection = connection
        fast = driver_rows and connection.dialect.name == "sqlite"
        self.raw = connection.connection.driver_connection if fast else None
        self.time: Callable[[datetime | None], object] = _sqlite_time if fast else _aware
        self.day: Callable[[date | None], object] = (
            (lambda d: None if d is None else d.isoformat()) if fast else (lambda d: d)
        )

    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.raw is not None:
            marks = ", ".join("?" * len(columns))
            self.raw.executemany(
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows
            )
        else:
            self.connection.execute(
                insert(table), [dict(zip(columns, r, strict=True)) for r in rows]
            )

    def advance_sequences(self) -> None:
        """PostgreSQL: ids given here leave the id sequences behind; move them past the rows."""
        if self.connection.dialect.name == "postgresql":
            for table in _ID_TABLES:
                self.connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )


_CUSTOMER_COLUMNS = _words(
    "id card_number name name_key phone email address birthday language letters_consent "
    "joined_at referred_by_id archived_at tier_id points_balance visit_count spent_cents "
    "first_visit_at last_visit_at sort_key"
)
_VISIT_COLUMNS = ("id", "customer_id", "at", "amount_cents", "staff")
_LEDGER_COLUMNS = _words("id customer_id at points kind visit_id redemption_id period staff")
_REDEMPTION_COLUMNS = _words(
    "id customer_id reward_id at points value_cents voucher_code valid_until used_at cause_id"
)
_NOTE_COLUMNS = _words("id customer_id at text kind pinned resolved_at score staff")
_FEEDBACK_COLUMNS = _words("customer_id at score comment touchpoint staff")
_TIER_CHANGE_COLUMNS = _words("customer_id at from_tier_id to_tier_id to_tier_name reason")
_ID_TABLES = ("customer", "visit", "redemption", "ledger_entry", "note")


@dataclass(frozen=True)
class _Reward:
    id: int
    points_cost: int
    value_cents: int
    valid_days: int
    min_rank: int  # -1: any tier
    cause_id: int | None


class _Replay:
    """Lives each customer's history through the programme's rules and collects the rows."""

    def __init__(
        self,
        rng: random.Random,
        span: _Span,
        rules: EarningRules,
        tiers: list[Tier],
        rewards: list[_Reward],
        writer: _Writer,
        country: str,
        sort_key: Callable[[str], bytes],
    ) -> None:
        self.rng, self.span, self.rules, self.tiers = rng, span, rules, tiers
        self.rewards = sorted(rewards, key=lambda r: r.points_cost)
        self.writer, self.country, self.sort_key = writer, country, sort_key
        self.locale: DemoLocale | None = None
        self.items: DemoItems | None = None  # what is bought (services.demo_items)
        self.points_cache: dict[tuple[int, int], int] = {}
        self.codes: set[str] = set()
        self.phones: set[str] = set()
        self.next_visit = self.next_entry = self.next_redemption = self.next_note = 1
        self.counts = dict(visits=0, redemptions=0, notes=0, ledger=0, archived=0)
        self.reset()

    def reset(self) -> None:
        self.customer_rows: list[tuple] = []
        self.visit_rows: list[tuple] = []
        self.entry_rows: list[tuple] = []
        self.redemption_rows: list[tuple] = []
        self.note_rows: list[tuple] = []
        self.feedback_rows: list[tuple] = []
        self.tier_rows: list[tuple] = []
        self.index_rows: list[tuple[int, str, str | None]] = []
        self.item_rows: list[tuple] = []

    def flush(self) -> None:
        w = self.writer
        w.insert(t.Customer.__table__, _CUSTOMER_COLUMNS, self.customer_rows)
        w.insert(t.Visit.__table__, _VISIT_COLUMNS, self.visit_rows)
        w.insert(t.Redemption.__table__, _REDEMPTION_COLUMNS, self.redemption_rows)
        w.insert(t.LedgerEntry.__table__, _LEDGER_COLUMNS, self.entry_rows)
        w.insert(t.Note.__table__, _NOTE_COLUMNS, self.note_rows)
        w.insert(t.Feedback.__table__, _FEEDBACK_COLUMNS, self.feedback_rows)
        w.insert(t.TierChange.__table__, _TIER_CHANGE_COLUMNS, self.tier_rows)
        w.insert(t.VisitItem.__table__, ("visit_id", "product_id", "quantity"), self.item_rows)
        search_index.index_many(w.connection, self.index_rows)
        self.counts["visits"] += len(self.visit_rows)
        self.counts["redemptions"] += len(self.redemption_rows)
        self.counts["notes"] += len(self.note_rows)
        self.counts["ledger"] += len(self.entry_rows)
        self.reset()

    # -- one customer ---------------------------------------------------------------------------

    def _entry(
        self,
        customer_id: int,
        at: datetime,
        points: int,
        kind: Kind,
        *,
        visit_id: int | None = None,
        redemption_id: int | None = None,
        period: str | None = None,
        staff: str | None = None,
    ) -> None:
        self.entry_rows.append(
            (
                self.next_entry,
                customer_id,
                self.writer.time(at),
                points,
                str(kind),
                visit_id,
                redemption_id,
                period,
                staff,
            )
        )
        self.next_entry += 1

    def _points(self, amount: int, tier: Tier | None) -> int:
        key = (amount, tier.id if tier else 0)
        points = self.points_cache.get(key)
        if points is None:
            multiplier = tier.multiplier if tier else Decimal(1)
            points = self.points_cache[key] = points_for_visit(amount, self.rules, multiplier)
        return points

    def _schedule(self, p: _Profile) -> tuple[list[datetime], datetime | None]:
        """Visit times (first at joining + 2 min) and, for an archived customer, when."""
        rng, span = self.rng, self.span
        if p.rhythm == NEVER:
            days: list[int] = []
        else:
            last = span.days
            if p.archive:
                last = p.join_day + int((span.days - p.join_day) * rng.uniform(0.2, 0.7))
            days = [p.join_day]
            day = p.join_day
            rhythm = p.rhythm
            if rhythm == DRIFTING and last - p.join_day < 120:
                rhythm = MONTHLY
            if rhythm == DRIFTING:
                active = p.join_day + int((last - p.join_day) * rng.uniform(0.35, 0.7))
                while True:
                    gap = max(1, round(rng.gauss(7, 1.5))) if day < active else rng.randint(14, 30)
                    day += gap
                    if day > active and (day > active + 70 or rng.random() < 0.35):
                        break
                    if day > last - 45:
                        break
                    days.append(day)
            elif rhythm != ONCE:
                if rhythm == WEEKLY:
                    mean, spread = rng.uniform(6, 10), 0.2
                elif rhythm == MONTHLY:
                    mean, spread = rng.uniform(12, 35), 0.3
                else:
                    mean, spread = rng.uniform(45, 120), 0.35
                while True:
                    day += max(1, round(rng.gauss(mean, mean * spread)))
                    if rhythm == WEEKLY and rng.random() < 0.08:
                        day += 7
                    if day > last:
                        break
                    days.append(day)
        times = [p.join_at + timedelta(minutes=2)] if days else []
        for day in days[1:]:
            minute = min(_CLOSE_MINUTE, max(_OPEN_MINUTE, p.minute + round(rng.gauss(0, 40))))
            when = span.at(day, minute, rng.randrange(60))
            if when >= span.last_visit:
                break
            times.append(when)
        archived_at = None
        if p.archive:
            since = span.day_of(times[-1]) if times else p.join_day
            day = min(span.days - 1, since + rng.randint(30, 240))
            if day > since:
                archived_at = span.at(day, _CLOSE_MINUTE)
        return times, archived_at

    def customer(self, p: _Profile) -> None:
        """Replay one customer: joining, visits, referral bonuses earned, redemptions and the
        month-ends, in time order; then their row with the figures that history left."""
        rng, span, rules, tiers = self.rng, self.span, self.rules, self.tiers
        times, archived_at = self._schedule(p)
        cid = p.id
        tier = tier_for(0, tiers)
        above = [x.threshold for x in tiers]

        def next_threshold(held: Tier | None) -> float:
            return next((x for x in above[rank(held, tiers) + 1 :]), float("inf"))

        threshold = next_threshold(tier)
        self._tier_change(cid, p.join_at, None, tier, Reason.JOIN)
        balance = spent = 0
        positives: list[tuple[datetime, int]] = []  # (at, points) of positive entries, in order
        expiry_index = earned_before = 0
        window: deque[tuple[datetime, int]] = deque()  # visit points of the rolling 12 months
        in_window = 0
        visits = spent_cents = 0

        def gain(at: datetime, points: int) -> None:
            nonlocal balance
            balance += points
            if points > 0:
                positives.append((at, points))

        if rules.welcome_bonus:
            self._entry(cid, p.join_at, rules.welcome_bonus, Kind.WELCOME_BONUS)
            gain(p.join_at, rules.welcome_bonus)

        closes = span.closes
        close_i = bisect_left(span.close_ends, p.join_at)
        credits = p.credits
        credit_i = 0
        amounts_mean = p.basket
        first_visit_id = None

        def run_closes(until: datetime) -> None:
            nonlocal close_i, balance, spent, expiry_index, earned_before, in_window, tier
            nonlocal credit_i, threshold
            while True:
                close = closes[close_i] if close_i < len(closes) else None
                credit = credits[credit_i] if credit_i < len(credits) else None
                if credit is not None and credit < until and (close is None or credit < close[0]):
                    # Its ledger row goes with the referred customer's first visit (it links
                    # to that visit); here only this customer's balance moves.
                    gain(credit, rules.referral_bonus)
                    credit_i += 1
                    continue
                if close is None or close[0] >= until:
                    return
                end, cutoff, month, birthday_month, period = close
                close_i += 1
                if cutoff is not None:
                    while expiry_index < len(positives) and positives[expiry_index][0] < cutoff:
                        earned_before += positives[expiry_index][1]
                        expiry_index += 1
                    expire = points_to_expire(earned_before, spent, balance)
                    if expire:
                        self._entry(cid, end, -expire, Kind.EXPIRY, period=month)
                        balance -= expire
                        spent += expire
                live = archived_at is None or archived_at >= end
                if (
                    live
                    and rules.birthday_bonus
                    and birthday is not None
                    and birthday.month == birthday_month
                ):
                    self._entry(cid, end, rules.birthday_bonus, Kind.BIRTHDAY_BONUS, period=period)
                    gain(end, rules.birthday_bonus)
                if live:
                    horizon = end - TIER_WINDOW
                    while window and window[0][0] <= horizon:
                        in_window -= window.popleft()[1]
                    reviewed = tier_at_review(in_window, tiers)
                    if reviewed != tier:
                        self._tier_change(cid, end, tier, reviewed, Reason.REVIEW)
                    tier = reviewed
                    threshold = next_threshold(tier)

        birthday = self._birthday(p)
        for index, when in enumerate(times):
            run_closes(when)
            amount = min(4000, max(300, round(amounts_mean * rng.lognormvariate(0, 0.3) * 10) * 10))
            staff = _STAFF[rng.randrange(len(_STAFF))]
            points = self._points(amount, tier)
            vid = self.next_visit
            self.next_visit += 1
            self.visit_rows.append((vid, cid, self.writer.time(when), amount, staff))
            if self.items is not None:
                self.items.visit(cid, vid, self.item_rows)
            self._entry(cid, when, points, Kind.VISIT, visit_id=vid, staff=staff)
            gain(when, points)
            visits += 1
            spent_cents += amount
            if first_visit_id is None:
                first_visit_id = vid
                if p.referred_by is not None and rules.referral_bonus:
                    self._entry(
                        p.referred_by, when, rules.referral_bonus, Kind.REFERRAL_BONUS, visit_id=vid
                    )
            window.append((when, points))
            in_window += points
            horizon = when - TIER_WINDOW
            while window[0][0] <= horizon:
                in_window -= window.popleft()[1]
            if in_window >= threshold:
                upgraded = tier_after_visit(tier, in_window, tiers)
                if upgraded != tier:
                    self._tier_change(cid, when, tier, upgraded, Reason.VISIT)
                tier = upgraded
                threshold = next_threshold(tier)
            goal = self.rewards[int(p.goal * len(self.rewards))]
            if balance >= goal.points_cost and rng.random() < p.redeem_chance:
                later = times[index + 1] if index + 1 < len(times) else None
                balance, spent = self._redeem(cid, when, later, balance, spent, tier, goal, staff)
        run_closes(span.now)

        if archived_at is not None:
            self.counts["archived"] += 1
        self._notes(p, archived_at)
        phone = self._phone(p)
        email = None
        if rng.random() < 0.6:
            domains = _EMAIL_DOMAINS[p.country or "LT"]
            number = rng.randrange(1, 99) if rng.random() < 0.5 else ""
            email = f"{p.email_name}{number}@{domains[rng.randrange(len(domains))]}"
        address = self._address(p) if rng.random() < 0.8 else None
        consent = address is not None and rng.random() < 0.75
        name_key = search_key(p.name)
        w = self.writer
        self.customer_rows.append(
            (
                cid,
                codes.card_number_for(cid),
                p.name,
                name_key,
                phone,
                email,
                address,
                w.day(birthday),
                p.language,
                consent,
                w.time(p.join_at),
                p.referred_by,
                w.time(archived_at),
                tier.id if tier else None,
                balance,
                visits,
                spent_cents,
                w.time(times[0]) if times else None,
                w.time(times[-1]) if times else None,
                self.sort_key(p.name),
            )
        )
        self.index_rows.append((cid, name_key, phone))

    def _tier_change(
        self, cid: int, at: datetime, before: Tier | None, after: Tier | None, reason: Reason
    ) -> None:
        """The tier log row the real service would have written (``services.tier_history``)."""
        self.tier_rows.append(
            (
                cid,
                self.writer.time(at),
                before.id if before else None,
                after.id if after else None,
                after.name if after else None,
                str(reason),
            )
        )

    def _redeem(
        self,
        cid: int,
        when: datetime,
        later: datetime | None,
        balance: int,
        spent: int,
        tier: Tier | None,
        goal: _Reward,
        staff: str,
    ) -> tuple[int, int]:
        """Redeem a reward after a visit, as ``rewards.redeem_reward`` would; returns the new
        balance and points spent."""
        rng = self.rng
        held = rank(tier, self.tiers)
        options = [r for r in self.rewards if r.points_cost <= balance and r.min_rank <= held]
        if not options:
            return balance, spent
        # Their goal if their tier allows it, else the dearest they can have, now and then another.
        if goal in options and rng.random() < 0.85:
            reward = goal
        else:
            reward = options[-1] if rng.random() < 0.5 else options[rng.randrange(len(options))]
        at = when + timedelta(minutes=1)
        valid_until = local_date(at.replace(tzinfo=UTC)) + timedelta(days=reward.valid_days)
        if reward.cause_id is not None:
            used_at = at
        else:
            roll = rng.random()
            used_at = at + timedelta(minutes=1) if roll < 0.55 else None
            if (
                0.55 <= roll < 0.85
                and later is not None
                and local_date(later.replace(tzinfo=UTC)) <= valid_until
            ):
                used_at = later
        while True:
            code = "".join(rng.choice(codes.VOUCHER_ALPHABET) for _ in range(codes.VOUCHER_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                break
        rid = self.next_redemption
        self.next_redemption += 1
        w = self.writer
        self.redemption_rows.append(
            (
                rid,
                cid,
                reward.id,
                w.time(at),
                reward.points_cost,
                reward.value_cents,
                code,
                w.day(valid_until),
                w.time(used_at),
                reward.cause_id,
            )
        )
        self._entry(cid, at, -reward.points_cost, Kind.REDEMPTION, redemption_id=rid, staff=staff)
        return balance - reward.points_cost, spent + reward.points_cost

    def _birthday(self, p: _Profile) -> date | None:
        if self.rng.random() >= 0.85:
            return None
        age = self.rng.randint(16, 85)
        return self.span.today - timedelta(days=age * 365 + self.rng.randrange(365))

    def _phone(self, p: _Profile) -> str | None:
        if p.country is None:
            return None
        rng = self.rng
        for _attempt in range(50):
            digits = "".join(str(rng.randrange(10)) for _ in range(8))
            if p.country == "LT":
                raw = f"+3706{digits[:7]}"
            elif p.country == "CN":
                raw = f"+86{_CN_PREFIXES[rng.randrange(len(_CN_PREFIXES))]}{digits}"
            elif p.country == "TW":
                raw = f"+8869{digits}"
            elif p.country == "GB":
                raw = f"+447{rng.randint(4, 9)}{digits}"
            else:
                codes_ = _US_CITIES[rng.randrange(len(_US_CITIES))][3]
                raw = f"+1{codes_[rng.randrange(len(codes_))]}{rng.randint(2, 9)}{digits[:6]}"
            try:
                phone = normalise_phone(raw, self.country)
            except InvalidInput:
                continue
            if phone not in self.phones:
                self.phones.add(phone)
                return phone
        return None

    def _address(self, p: _Profile) -> str:
        rng = self.rng

        def pick(items: Sequence):  # noqa: ANN202
            return items[rng.randrange(len(items))]

        number = rng.randint(1, 120)
        country = p.country if self.locale is None else (p.country or self.country)
        if country == "CN":
            city, district, post = pick(_CN_PLACES)
            room = f"{rng.randint(1, 30)}0{rng.randint(1, 8)}"
            return f"{city}{district}\n{pick(_CN_STREETS)} {number} 号 {room} 室\n{post}"
        if country == "TW":
            city, district, post = pick(_TW_PLACES)
            return (
                f"{post} {city}{district}\n{pick(_TW_STREETS)} {number} 號 {rng.randint(2, 15)} 樓"
            )
        if country == "GB":
            town, post = pick(_UK_PLACES)
            return f"{number} {pick(_UK_STREETS)}\n{town}\n{post}\nUnited Kingdom"
        if country == "US":
            city, state, post, _area = pick(_US_CITIES)
            street = f"{number} {pick(_US_STREETS)}, Apt {rng.randint(1, 20)}B"
            return f"{street}\n{city}, {state} {post}\nUnited States"
        flat = f"-{rng.randint(1, 80)}" if rng.random() < 0.6 else ""
        post = f"LT-{rng.randint(10000, 99999)}"
        return f"{pick(_LT_STREETS)} {number}{flat}\n{post} {pick(_LT_CITIES)}"

    def _notes(self, p: _Profile, archived_at: datetime | None) -> None:
        rng = self.rng
        if rng.random() >= 0.3:
            return
        start = p.join_at
        end = archived_at or self.span.now
        span_seconds = max(1, int((end - start).total_seconds()))
        w = self.writer
        for _n in range(rng.choice((1, 1, 1, 2, 2, 3))):
            at = start + timedelta(seconds=rng.randrange(span_seconds))
            roll = rng.random()
            resolved, score, pinned = None, None, False
            said = _NOTES_BY_LANGUAGE.get(p.language) if self.locale is not None else None
            if roll < 0.4:
                kind, body, pinned = "preference", rng.choice(_PREFERENCES), rng.random() < 0.75
            elif roll < 0.6:
                kind, body = "problem", rng.choice(_PROBLEMS)
                solved = at + timedelta(days=rng.randint(1, 10))
                if rng.random() < 0.7 and solved < end:
                    resolved = solved
            elif roll < 0.9:
                kind, body = "feedback", rng.choice(_FEEDBACK)
                score = rng.choices(range(11), weights=(1, 1, 1, 1, 2, 3, 4, 8, 14, 14, 12))[0]
            else:
                kind, body = "general", rng.choice(_GENERAL)
            if said:
                body = rng.choice(said[kind])
            if score is not None:  # feedback is an answer, not a scored note
                staff = _STAFF[rng.randrange(len(_STAFF))]
                self.feedback_rows.append((p.id, w.time(at), score, body, "counter", staff))
                continue
            self.note_rows.append(
                (
                    self.next_note,
                    p.id,
                    w.time(at),
                    body,
                    kind,
                    pinned,
                    w.time(resolved),
                    score,
                    _STAFF[rng.randrange(len(_STAFF))],
                )
            )
            self.next_note += 1


def _profiles(
    rng: random.Random, count: int, span: _Span, locale: DemoLocale | None = None
) -> list[_Profile]:
    """Everyone who will join, sorted by joining time (their ids follow that order)."""
    profiles = []
    cultures = ("lt", "zh", "zh-tw", "en", "other")
    culture_weights = locale.cultures if locale else (46, 16, 10, 16, 12)
    shop = locale.country if locale else "LT"  # where the customers from elsewhere live
    for _i in range(count):
        culture = rng.choices(cultures, culture_weights)[0]
        if culture == "lt":
            language = "lt"
            country = "LT" if shop == "LT" or rng.random() < 0.3 else shop
            if rng.random() < 0.5:
                first, surname = rng.choice(_LT_MEN), rng.choice(_LT_SURNAMES)[0]
            else:
                first, surname = rng.choice(_LT_WOMEN), rng.choice(_LT_SURNAMES)[rng.randint(1, 2)]
            name, email_name = f"{first} {surname}", f"{_ascii(first)}.{_ascii(surname)}"
        elif culture in ("zh", "zh-tw"):
            surnames, given = (
                (_ZH_SURNAMES, _ZH_GIVEN) if culture == "zh" else (_TW_SURNAMES, _TW_GIVEN)
            )
            (s, s_latin), (g, g_latin) = _part(rng.choice(surnames)), _part(rng.choice(given))
            language = "zh-Hans" if culture == "zh" else "zh-Hant"
            home = "CN" if culture == "zh" else "TW"
            country = home if rng.random() < 0.6 else shop
            name, email_name = f"{s}{g}", f"{g_latin}.{s_latin}"
        elif culture == "en":
            language = "en"
            first, surname = rng.choice(_EN_FIRST), rng.choice(_EN_SURNAMES)
            country = rng.choice(("GB", "US", shop, shop))
            name, email_name = f"{first} {surname}", f"{_ascii(first)}.{_ascii(surname)}"
        else:
            language = rng.choice(_OTHER_LANGUAGES)
            firsts, surnames = _OTHERS[language]
            i = rng.randrange(len(firsts))
            j = rng.randrange(len(surnames) // 2) * 2 + i % 2
            (first, f_latin), (surname, s_latin) = _part(firsts[i]), _part(surnames[j])
            country = shop
            name, email_name = f"{first} {surname}", f"{f_latin}.{s_latin}"
        if rng.random() < 0.07:
            country = None
        founding = rng.random() < 0.25
        join_day = rng.randrange(min(30, span.days)) if founding else rng.randrange(span.days)
        rhythm = rng.choices(_RHYTHMS, _RHYTHM_WEIGHTS)[0]
        archive = rhythm in (DRIFTING, OCCASIONAL, ONCE, NEVER) and rng.random() < 0.05
        minute = rng.choice((7 * 60 + 30, 8 * 60 + 30, 12 * 60 + 30, 16 * 60, 17 * 60 + 45))
        minute += rng.randint(-40, 40)
        profiles.append(
            _Profile(
                name=name,
                email_name=email_name,
                language=language,
                country=country,
                join_day=join_day,
                minute=minute,
                rhythm=rhythm,
                archive=archive,
                basket=min(35.0, max(3.5, rng.lognormvariate(2.2, 0.5))),
                redeem_chance=rng.choices((0.0, 0.25, 0.7), (25, 45, 30))[0],
                goal=rng.random(),
            )
        )
    for p in profiles:
        p.join_at = span.at(p.join_day, p.minute, rng.randrange(60))
    profiles.sort(key=lambda p: p.join_at)
    referrers: list[_Profile] = []
    for number, p in enumerate(profiles, start=1):
        p.id = number
        if referrers and rng.random() < 0.08:
            referrer = referrers[rng.randrange(len(referrers))]
            p.referred_by = referrer.id
            if p.rhythm != NEVER:  # the bonus is paid on the first visit, 2 minutes after joining
                referrer.credits.append(p.join_at + timedelta(minutes=2))
        if not p.archive and p.rhythm in (WEEKLY, MONTHLY, DRIFTING):
            referrers.append(p)
    return profiles


def _catalogue(session, tiers: list[Tier], language: str | None) -> list[_Reward]:  # noqa: ANN001
    """The active rewards; a donation reward is added if the catalogue has none (named in
    ``language`` for a shop of a country, else in English)."""
    with speaking(language or SOURCE_LANGUAGE):
        cause_name, reward_name = _(DONATION_CAUSE), _(DONATION_REWARD[0])
    has_donation = session.exec(
        select(t.Reward.id).where(t.Reward.cause_id != None, t.Reward.active == True)  # noqa: E711, E712
    ).first()
    if has_donation is None:
        cause = session.exec(select(t.Cause).where(t.Cause.name == cause_name)).first()
        if cause is None:
            cause = t.Cause(name=cause_name)
            session.add(cause)
            session.flush()
        _name, cost, value, days = DONATION_REWARD
        session.add(
            t.Reward(
                name=reward_name,
                points_cost=cost,
                value_cents=value,
                valid_days=days,
                cause_id=cause.id,
            )
        )
        session.flush()
    rows = session.exec(select(t.Reward).where(t.Reward.active == True)).all()  # noqa: E712
    by_id = {tier.id: tier for tier in tiers}
    return [
        _Reward(
            r.id,
            r.points_cost,
            r.value_cents,
            r.valid_days,
            rank(by_id.get(r.min_tier_id), tiers) if r.min_tier_id else -1,
            r.cause_id,
        )
        for r in rows
    ]


DEMO_SHOP_NAME = "Demo Bakery"
DEMO_SHOP_ADDRESS = "Pilies g. 12\nLT-01123 Vilnius"


@dataclass(frozen=True)
class DemoLocale:
    """A demo shop of one country: its face, and who its customers are."""

    shop_name: str
    address: str
    country: str
    currency: str
    language: str  # the shop's language (BCP 47)
    cultures: tuple[int, int, int, int, int]  # shares of lt, zh, zh-tw, en and other names


# ``demo --locale``: a Lithuanian bakery, a Shanghai tea house, a Taipei tea shop, a London
# bakery. Most customers speak the shop's language; some came from elsewhere.
DEMO_LOCALES = {
    "lt": DemoLocale(
        "Kepyklėlė „Duonos kvapas“", "Pilies g. 12\nLT-01123 Vilnius", "LT", "EUR", "lt",
        (82, 2, 1, 5, 10),
    ),
    "zh-Hans": DemoLocale(
        "老街茶馆", "上海市徐汇区\n南京西路 88 号\n200030", "CN", "CNY", "zh-Hans", (1, 86, 6, 6, 1)
    ),
    "zh-Hant": DemoLocale(
        "巷口茶行", "106 臺北市大安區\n忠孝東路四段 88 號", "TW", "TWD", "zh-Hant", (1, 6, 86, 6, 1)
    ),
    "en": DemoLocale(
        "Corner Bakery", "12 High Street\nLondon\nNW1 6XE\nUnited Kingdom", "GB", "GBP", "en",
        (4, 4, 2, 80, 10),
    ),
}  # fmt: skip


def demo_locale(tag: str) -> DemoLocale:
    """The demo shop of ``tag`` (``lt``, ``zh-Hans``, ``zh-Hant``, ``en``; ``zh-TW`` and the
    like are understood), or a one-line refusal."""
    known = supported_language(tag)
    if known not in DEMO_LOCALES:
        raise InvalidInput(
            _("Unknown demo locale {locale!r}; use one of {choices}.").format(
                locale=tag, choices=", ".join(DEMO_LOCALES)
            )
        )
    return DEMO_LOCALES[known]


def build_demo_shop(
    db: Database,
    *,
    customers: int,
    months: int,
    seed: int,
    driver_rows: bool = True,
    locale: str | None = None,
) -> DemoResult:
    """Fill an empty shop with ``customers`` members and ``months`` months of history up to
    ``db.now()``. The same seed and clock give the same rows (ids, codes and times included).

    ``locale`` (``demo_locale``) makes it a shop of that country: its name, address, country,
    currency and language, and customers mostly of that country; without it, the mixed
    clientele of a Vilnius bakery in a shop named by the file.

    ``driver_rows=False`` writes through SQLAlchemy Core even on SQLite (the path other
    databases take); the stored data is the same.
    """
    if customers < 1 or months < 1:
        raise InvalidInput(_("A demo shop needs at least one customer and one month."))
    started = time.perf_counter()
    rng = random.Random(seed)
    face = demo_locale(locale) if locale is not None else None
    with db.write() as session:
        if session.exec(select(t.Customer.id).limit(1)).first() is not None:
            raise NotAllowed(
                "This shop already has customers; a demo shop is built only into an empty "
                "database (use --db with a new file)."
            )
        prog = programme.load_in(session)
        if face is not None:
            programme.update_shop_in(
                session, name=face.shop_name, address=face.address, country=face.country,
                currency=face.currency, language=face.language,
            )  # fmt: skip
            programme.default_names_in(session, face.language, face.currency)
            prog = programme.load_in(session)
        elif prog.shop.name == programme.ShopProfile.name:  # a new file: give the shop a face
            programme.update_shop_in(session, name=DEMO_SHOP_NAME, address=DEMO_SHOP_ADDRESS)
        span = _Span(db.now(), months, prog.rules.expiry_months)
        if span.days < 2:
            raise InvalidInput(_("The demo needs at least two days of history."))
        rewards = _catalogue(session, prog.tiers, face.language if face else None)
        connection = session.connection()
        writer = _Writer(connection, driver_rows=driver_rows)
        profiles = _profiles(rng, customers, span, face)
        replay = _Replay(
            rng, span, prog.rules, prog.tiers, rewards, writer, prog.shop.country or "LT",
            search_index.sort_keyer(connection),
        )
        replay.locale = face
        replay.items = DemoItems(session, prog.shop.language, seed)
        for start in range(0, len(profiles), BATCH_CUSTOMERS):
            for p in profiles[start : start + BATCH_CUSTOMERS]:
                replay.customer(p)
            replay.flush()
        writer.advance_sequences()
        rhythm_store.rebuild(connection)
        sequence = session.get(t.Setting, "next_card_sequence")
        if sequence is None:
            session.add(t.Setting(key="next_card_sequence", value=str(customers + 1)))
        else:
            sequence.value = str(max(int(sequence.value), customers + 1))
        counts = replay.counts
    if db.is_sqlite:  # leave a tidy file: the WAL of one big transaction goes into the database
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return DemoResult(
        customers=customers,
        visits=counts["visits"],
        redemptions=counts["redemptions"],
        notes=counts["notes"],
        ledger_entries=counts["ledger"],
        archived=counts["archived"],
        referrals=sum(1 for p in profiles if p.referred_by is not None),
        months=months,
        seed=seed,
        seconds=round(time.perf_counter() - started, 2),
    )
