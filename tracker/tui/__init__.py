"""The Textual dashboard (``tracker dashboard``). The only package, with
``tracker/cli/dashboard.py``, that imports Textual."""
