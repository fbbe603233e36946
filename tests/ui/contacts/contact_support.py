"""What the contact-book widget tests and their conftest share."""

from __future__ import annotations

ZHANG_PHONE = "13812345678"
