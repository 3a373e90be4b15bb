"""Raw values into words for a person (Qt-free): the CLI, the window and printing speak
through here, so a figure reads the same in the terminal, on screen and on paper.

Every function takes the Babel locale (``numbers.shop_locale(country, language)``); without
one it formats for the language spoken now (``shopkeeper.i18n.language()``): ``numbers`` for
money, counts and shares, ``dates`` for dates, months and relative times.
"""
