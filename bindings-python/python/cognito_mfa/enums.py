"""The enumerations of cognito_mfa.

:class:`ChallengeName` is a ``str`` enum: its members compare equal to Cognito's wire names
(``ChallengeName.SMS_MFA == "SMS_MFA"``), so either form can be passed where a challenge or an
MFA factor is expected, and ``match`` statements can use the members as value patterns.
"""

from __future__ import annotations

import enum

__all__ = ["ChallengeName"]


class ChallengeName(str, enum.Enum):
    """A challenge Cognito asks a user to answer during sign-in (``ChallengeName``).

    ``SMS_MFA``, ``SOFTWARE_TOKEN_MFA`` and ``EMAIL_OTP`` are also the names of the MFA
    factors (``MFAS_CAN_CHOOSE``, ``PreferredMfaSetting``...). ``str(member)`` is the wire name.

    The challenges the client answers itself — ``PASSWORD_VERIFIER`` (the second step of SRP),
    ``DEVICE_SRP_AUTH`` and ``DEVICE_PASSWORD_VERIFIER`` (a remembered device proving its
    password) — never reach the caller and are not members.
    """

    SMS_MFA = "SMS_MFA"
    """A code was sent by SMS: answer with ``send_mfa_code``."""
    SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA"
    """A code from the authenticator app: answer with ``send_mfa_code``."""
    EMAIL_OTP = "EMAIL_OTP"
    """A code was sent by e-mail: answer with ``send_mfa_code``."""
    SELECT_MFA_TYPE = "SELECT_MFA_TYPE"
    """Several factors are enabled: choose one with ``send_mfa_selection_answer``."""
    MFA_SETUP = "MFA_SETUP"
    """The pool requires MFA and the user has none: ``associate_software_token`` then
    ``verify_software_token``."""
    NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"
    """An administrator-created user must choose a password:
    ``complete_new_password_challenge``."""
    CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE"
    """A challenge of the pool's Lambda triggers: ``send_custom_challenge_answer``."""

    def __str__(self) -> str:
        return self.value
