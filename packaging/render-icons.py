"""Render the application icon's PNG sizes from its SVG (run after editing the SVG; the PNGs are
committed so that neither an install nor a bundle needs an SVG renderer):

    QT_QPA_PLATFORM=offscreen python packaging/render-icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "shopkeeper" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage painting wants an application
    renderer = QSvgRenderer(str(ICONS / "shopkeeper.svg"))
    if not renderer.isValid():
        print("error: the SVG could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = ICONS / f"shopkeeper-{size}.png"
        image.save(str(target))
        print(target.relative_to(ICONS.parents[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
