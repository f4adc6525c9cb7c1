"""The synchronous Cognito client, for threads and synchronous frameworks (Django, Flask).

:class:`CognitoUser` and :class:`AdminClient` here have the methods of their namesakes in
:mod:`cognito_mfa`, but each call blocks until Cognito answers, with the GIL released while it
waits (network I/O and the SRP big-integer work run on the package's own threads), so many
threads can sign users in at once.
The other classes are the same objects as in :mod:`cognito_mfa` (a :class:`CognitoUserPool`
makes no request itself, so both flavours share it and its connection pool).

>>> from cognito_mfa.blocking import AuthenticationDetails, CognitoUser, CognitoUserPool
>>> pool = CognitoUserPool("us-east-1_AbCdEfGhI", "1example23456789")
>>> CognitoUser("alice", pool)
CognitoUser(username='alice', user_pool_id='us-east-1_AbCdEfGhI', state='idle')
"""

from __future__ import annotations

from cognito_mfa._native import (
    AdminUser,
    AssociatedSoftwareToken,
    AuthenticationDetails,
    AuthResult,
    AwsCredentials,
    Claims,
    CognitoAccessToken,
    CognitoIdToken,
    CognitoRefreshToken,
    CognitoUserPool,
    CognitoUserSession,
    Device,
    DeviceCredentials,
    DeviceList,
    FileDeviceStore,
    MemoryDeviceStore,
    MfaOption,
    MfaSettings,
    StateSealer,
    UserData,
)
from cognito_mfa._native import _BlockingAdminClient as AdminClient
from cognito_mfa._native import _BlockingCognitoUser as CognitoUser
from cognito_mfa._native import _BlockingTokenVerifier as TokenVerifier
from cognito_mfa.devices import DeviceStore
from cognito_mfa.enums import ChallengeName

__all__ = [
    "AdminClient",
    "AdminUser",
    "AssociatedSoftwareToken",
    "AuthResult",
    "AuthenticationDetails",
    "AwsCredentials",
    "ChallengeName",
    "Claims",
    "CognitoAccessToken",
    "CognitoIdToken",
    "CognitoRefreshToken",
    "CognitoUser",
    "CognitoUserPool",
    "CognitoUserSession",
    "Device",
    "DeviceCredentials",
    "DeviceList",
    "DeviceStore",
    "FileDeviceStore",
    "MemoryDeviceStore",
    "MfaOption",
    "MfaSettings",
    "StateSealer",
    "TokenVerifier",
    "UserData",
]
