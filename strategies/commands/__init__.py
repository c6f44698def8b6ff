"""Commands: the ``strategies`` command line (:mod:`.cli`), and the commands that write content:
``new`` and ``report`` (:mod:`.scaffold`), ``release`` (:mod:`.release`), ``returns`` (a workbook
for action owners, and reading filled ones back: :mod:`.returns`) and ``import`` (a strategy from
an action plan kept as a table: :mod:`.plan_import`), which share :mod:`.writing`. Nothing else
writes under ``content/``, and these never overwrite a file. ``changes`` (:mod:`.review`) says
what a pull request changes for residents, reading the content it started from out of Git.

May import every other package of this project; none imports it.
"""
