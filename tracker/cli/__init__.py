"""The `tracker` command line: thin Typer commands over the services.

Each module registers its commands with ``register(app)``; heavy imports stay inside the
command functions so ``tracker --help`` starts instantly.
"""
