"""Analyses over results: pure functions that take scored results and return plain frozen data.

``rank`` holds the one order of actions; ``plan`` the pacing and the targets. Outputs (terminal,
reports, plan files) only present what these return.
"""
