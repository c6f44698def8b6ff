"""Commands: the ``strategies`` command line (:mod:`.cli`), and the commands that write content:
``new`` and ``report`` (:mod:`.scaffold`), ``release`` (:mod:`.release`). Nothing else writes
under ``content/``, and these never overwrite a file.

May import every other package of this project; none imports it.
"""
