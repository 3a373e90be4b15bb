"""The few colours and styles the window uses, in one place (readable on light themes)."""

OK_STYLE = "color: #1b5e20; font-weight: bold;"
ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
NOTE_STYLE = "color: #555555;"
PINNED_STYLE = (
    "background: #fff4c2; color: #3e2f00; border: 1px solid #e0c55a; border-radius: 4px;"
    " padding: 4px 8px;"
)
PROBLEM_STYLE = (
    "background: #fde2e1; color: #7f1d1d; border: 1px solid #e8a3a0; border-radius: 4px;"
    " padding: 4px 8px; font-weight: bold;"
)
BIRTHDAY_STYLE = (
    "background: #e3f2fd; color: #0d3c61; border: 1px solid #90caf9; border-radius: 4px;"
    " padding: 4px 8px; font-weight: bold;"
)


def badge_style(background: str, foreground: str) -> str:
    return (
        f"background: {background}; color: {foreground}; border-radius: 9px;"
        " padding: 3px 12px; font-weight: bold;"
    )
