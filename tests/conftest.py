"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import SHARED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: it exists on developers' machines and in CI, not on users'."""
    if not (SHARED / "corpus" / "tnt305").is_dir():
        pytest.skip("../shared is absent (dev corpus only exists beside the project)")
    return SHARED
