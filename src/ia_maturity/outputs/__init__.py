"""Output formats: small functions that present data computed elsewhere, one module per output."""
