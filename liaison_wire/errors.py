"""The errors both sides raise for input a person must fix: a plain-Chinese message, and the
form field it concerns."""

from __future__ import annotations


class LiaisonError(Exception):
    """Base class for failures the user should be told about in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(LiaisonError):
    """Input that breaks a rule. ``field`` names the form field (attribute name) it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
