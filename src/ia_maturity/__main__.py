"""Entry point for ``python -m ia_maturity``."""

from ia_maturity.cli import main

if __name__ == "__main__":
    main()
