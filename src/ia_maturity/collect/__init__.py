"""Ways to collect answers from people who never open a terminal.

``form``: the offline web form (one self-contained HTML page that writes an ordinary JSON answer
file). Nothing here imports typer or rich; the commands live in ``ia_maturity.form_command``.
"""
