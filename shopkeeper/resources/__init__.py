"""Files shipped with the program (fonts and their licences). Found next to this module, so they
work the same from a checkout, an editable install and a wheel."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
FONTS = RESOURCES / "fonts"
ICONS = RESOURCES / "icons"  # the application icon: shopkeeper.svg and shopkeeper-<size>.png
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
