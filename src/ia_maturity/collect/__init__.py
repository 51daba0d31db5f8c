"""Ways to collect answers from people who never open a terminal, one module per way in; each
writes ordinary answer files (see docs/collect.md).

``form``: the offline web form, one self-contained HTML page (its command is
``ia_maturity.form_command``). Nothing here imports typer or rich.
"""
