"""ia-maturity: measure how mature a small or medium business's adoption of AI is."""

__version__ = "0.1.0"
