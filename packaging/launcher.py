"""The bundle's entry point (PyInstaller runs this script): the same ``main`` as the
``shopkeeper`` command."""

from shopkeeper.__main__ import main

if __name__ == "__main__":
    main()
