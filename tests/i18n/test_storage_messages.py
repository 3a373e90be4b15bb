"""A failed connection is explained in the reader's language, with the same facts."""

from __future__ import annotations

from shopkeeper import i18n
from shopkeeper.storage import pg

URL = "postgresql://shop:secret@till-server:5433/kepykla"


class Refused(Exception):
    """What SQLAlchemy raises: the driver's error is its ``orig``."""

    def __init__(self, driver_message: str) -> None:
        super().__init__(driver_message)
        self.orig = Exception(driver_message)


def test_a_refused_password_is_explained_in_each_language() -> None:
    error = Refused('FATAL:  password authentication failed for user "shop"')
    assert str(pg.explain(error, URL)) == (
        "Cannot open the shop's database at till-server:5433: the server refused the password "
        "of user 'shop'."
    )
    with i18n.speaking("lt"):
        said = str(pg.explain(error, URL))
    assert said == (
        "Nepavyksta atidaryti parduotuvės duomenų bazės adresu till-server:5433: serveris "
        "atmetė naudotojo 'shop' slaptažodį."
    )
    with i18n.speaking("zh-Hant"):
        said = str(pg.explain(error, URL))
    assert said == "無法開啟位於 till-server:5433 的店家資料庫：伺服器拒絕了使用者 'shop' 的密碼。"
    assert "secret" not in said


def test_missing_postgresql_support_says_how_to_install_it_in_the_language() -> None:
    missing = ModuleNotFoundError("No module named 'psycopg'")
    assert str(pg.explain(missing, URL)).endswith("python3 -m pip install 'shopkeeper[postgres]'")
    with i18n.speaking("zh-Hans"):
        said = str(pg.explain(missing, URL))
    assert said == "未安装 PostgreSQL 支持；安装命令：python3 -m pip install 'shopkeeper[postgres]'"
