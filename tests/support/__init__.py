"""Helpers shared by the tests: fake servers, rows written the way the system writes them, seeds,
the whole stack in real processes, and the steps many tests take (signing in, registering, texting).

Fixtures are not defined here but in the ``conftest.py`` of the test folder that uses them, and a
test module imports helpers only from here, never from another test module or a conftest
(tests/test_layout_of_tests.py keeps it so).
"""
