"""Shared pytest configuration for the Python tests of cognito-mfa.

The tests import the installed package (scripts/test-python.sh builds and installs it into
.venv with `pip install .`), never the source tree, so they test what users get. The
`cognito_mock` fixture comes from the installed package's pytest plugin (the `pytest11` entry
point), exactly as in a user's test suite.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import FakeCognito

pytest_plugins = ["pytester"]

#: The root of the repository (the folder holding Cargo.toml and pyproject.toml).
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo_root() -> Path:
    """The root of the repository."""
    return REPO_ROOT


@pytest.fixture
def rng() -> random.Random:
    """A random generator with a fixed seed, so that failures can be reproduced."""
    return random.Random(0x6238_4226)


@pytest.fixture
def fake_cognito() -> Iterator[FakeCognito]:
    """A scripted fake Cognito endpoint (tests/python/support.py), closed after the test."""
    fake = FakeCognito()
    yield fake
    fake.close()
