"""Shuup 3.1 (a server-rendered shop on Django 2.2): not set up in this bed. It needs its own
Python 3.8 environment, and Debian 12 ships only Python 3.11, so the bed reports it skipped."""

SKIP = ("Shuup 3.1 needs Python 3.8 (Django 2.2, markupsafe<2.1); Debian 12 has only "
        "Python 3.11, so there is no interpreter the bed can install it with")
