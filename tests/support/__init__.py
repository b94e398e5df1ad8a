"""Helpers shared by the tests: fake servers, rows written the way the system writes them, seeds.

Fixtures are not defined here but in the ``conftest.py`` of the test folder that uses them.
"""
