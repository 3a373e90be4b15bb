"""Raw values into words for a person (Qt-free): the CLI, the window and printing speak
through here, so a figure reads the same in the terminal, on screen and on paper.

Every function takes the locale; a later issue chooses it from the shop's language.
"""
