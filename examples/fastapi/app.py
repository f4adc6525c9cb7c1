"""The example web app: sign-in with MFA, TOTP enrolment and MFA settings over the async API of
cognito_mfa. It keeps no memory of its users: the sign-in in progress and the signed-in session
travel in sealed, HttpOnly cookies, so any number of worker processes can serve it.

``create_app()`` reads its settings from the environment (README.md); ``run.py`` starts it
under uvicorn.
"""

import base64
import binascii
import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.datastructures import FormData
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from cognito_mfa import (
    AuthenticationDetails,
    AuthResult,
    CognitoMfaError,
    CognitoUser,
    CognitoUserPool,
    InvalidStateError,
    MfaSettings,
    StateSealer,
    TokenVerificationError,
    TokenVerifier,
    qr_svg,
)

FACTORS = ("SMS_MFA", "SOFTWARE_TOKEN_MFA")
# Errors after which the sign-in in progress cannot go on: start again.
SIGN_IN_OVER = frozenset({"NotAuthorizedException", "ExpiredCodeException", "InvalidStateError"})
MAX_FORM_BYTES = 16 * 1024
CSRF_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
SETTINGS = {
    "enable": MfaSettings(enabled=True, preferred=False),
    "disable": MfaSettings(enabled=False, preferred=False),
    "prefer": MfaSettings(enabled=True, preferred=True),
}

# Human messages for the error codes a page may show; the code itself goes in `data-code`.
MESSAGES = {
    "NotAuthorizedException": "That did not work: wrong user name or password, or the sign-in "
    "took too long. Please sign in again.",
    "UserNotFoundException": "Wrong user name or password.",
    "CodeMismatchException": "That code is not right. Try again.",
    "EnableSoftwareTokenMFAException": "That code is not right. Try again.",
    "ExpiredCodeException": "That code has expired. Please sign in again.",
    "InvalidStateError": "Your sign-in has expired or could not be read. Please sign in again.",
    "CsrfError": "This form has expired. Reload the page and try again.",
    "InvalidInputError": "Please check what you typed.",
    "InvalidParameterException": "Cognito refused this change.",
    "SoftwareTokenMFANotFoundException": "Set up an authenticator app first.",
    "TooManyRequestsException": "Too many attempts. Wait a minute and try again.",
    "LimitExceededException": "Too many attempts. Wait a minute and try again.",
}
NOTICES = {
    "signed-out": "You are signed out.",
    "mfa-updated": "Your sign-in settings are saved.",
    "totp-enrolled": "Your authenticator app is set up and is now your preferred factor.",
}
FACTOR_LABELS = {
    "SMS_MFA": "Text message (SMS)",
    "SOFTWARE_TOKEN_MFA": "Authenticator app",
    "EMAIL_OTP": "E-mail",
}

log = logging.getLogger("uvicorn.error")


@dataclass(frozen=True)
class Config:
    """The app's settings (``config_from_env()``)."""

    user_pool_id: str
    client_id: str
    sealing_keys: str = field(repr=False)
    client_secret: str | None = field(default=None, repr=False)
    endpoint: str | None = None
    cookie_secure: bool = True
    # Clock skew tolerated when the access token is verified (seconds).
    token_grace_seconds: int = 0
    # Mock mode only: name the worker process in an `X-Worker-Pid` header of every response.
    worker_pid_header: bool = False


def config_from_env(env: Mapping[str, str] | None = None) -> Config:
    """The settings from the environment (see README.md)."""
    env = os.environ if env is None else env
    for name in ("COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "SEALING_KEYS"):
        if not env.get(name):
            raise ValueError(f"{name} is required (see examples/fastapi/README.md)")
    return Config(
        user_pool_id=env["COGNITO_USER_POOL_ID"],
        client_id=env["COGNITO_CLIENT_ID"],
        sealing_keys=env["SEALING_KEYS"],
        client_secret=env.get("COGNITO_CLIENT_SECRET") or None,
        endpoint=env.get("COGNITO_ENDPOINT") or None,
        cookie_secure=env.get("COOKIE_SECURE", "1") != "0",
        token_grace_seconds=int(env.get("TOKEN_GRACE_SECONDS", "0")),
        worker_pid_header=env.get("EXAMPLE_WORKER_PID_HEADER") == "1",
    )


def sealer_from_env(text: str) -> StateSealer:
    """Reads ``SEALING_KEYS`` (``id:base64key,...``, the first seals) into a ``StateSealer``."""
    keys: dict[str, bytes] = {}
    seal_with = None
    for item in text.split(","):
        parts = item.strip().split(":")
        if len(parts) != 2 or not all(parts):
            raise ValueError("SEALING_KEYS: each entry is id:base64key")
        try:
            keys[parts[0]] = base64.b64decode(parts[1], validate=True)
        except binascii.Error:
            raise ValueError("SEALING_KEYS: a key is not base64") from None
        seal_with = seal_with or parts[0]
    assert seal_with is not None  # split() gives at least one item
    return StateSealer(keys=keys, seal_with=seal_with)  # InvalidInputError: not 32 bytes


def same_secret(a: str | None, b: str | None) -> bool:
    """Compares two strings in constant time (their SHA-256 digests, so lengths may differ)."""
    if not a or not b:
        return False
    return hmac.compare_digest(
        hashlib.sha256(a.encode()).digest(), hashlib.sha256(b.encode()).digest()
    )


def text(form: FormData, name: str) -> str:
    """A form field as text ('' when missing or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


class CsrfRejected(Exception):
    """A POST whose `csrf` field does not repeat the `csrf` cookie."""


class SignInRequired(Exception):
    """A page for signed-in users, and no valid `session` cookie."""


def create_app(config: Config | None = None) -> FastAPI:
    """A FastAPI app for the pool in ``config`` (default: ``config_from_env()``)."""
    config = config or config_from_env()
    pool = CognitoUserPool(
        config.user_pool_id,
        config.client_id,
        client_secret=config.client_secret,
        endpoint=config.endpoint,
    )
    sealer = sealer_from_env(config.sealing_keys)
    # The account pages accept a session only while its access token verifies (signature,
    # issuer, client, expiry). Against another endpoint (the mock) its issuer is that URL.
    issuer = f"{config.endpoint.rstrip('/')}/{config.user_pool_id}" if config.endpoint else None
    verifier = TokenVerifier(
        config.user_pool_id,
        token_use="access",
        client_id=config.client_id,
        issuer=issuer,
        grace=config.token_grace_seconds,
    )
    templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
    templates.env.globals.update(messages=MESSAGES, notices=NOTICES, factor_labels=FACTOR_LABELS)
    same_site: dict[str, Literal["lax", "strict"]] = {
        "csrf": "strict",
        "mfa_state": "lax",
        "session": "lax",
    }

    app = FastAPI(
        title="cognito-mfa FastAPI example", docs_url=None, redoc_url=None, openapi_url=None
    )

    @app.middleware("http")
    async def headers_and_csrf_cookie(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        token = request.cookies.get("csrf")
        fresh = token is None or CSRF_TOKEN.fullmatch(token) is None
        request.state.csrf = secrets.token_urlsafe(32) if fresh else token
        length = request.headers.get("content-length")
        response: Response
        if request.method == "POST" and (length is None or not length.isdigit()):
            response = PlainTextResponse("Length required", status_code=411)
        elif request.method == "POST" and int(length or 0) > MAX_FORM_BYTES:
            response = PlainTextResponse("Form too large", status_code=413)
        else:
            try:
                response = await call_next(request)
            except Exception as exc:
                # Anything unexpected: a page with the error's code (never its message), a log line.
                code = exc.code if isinstance(exc, CognitoMfaError) else "InternalError"
                log.error("error on %s %s: %s", request.method, request.url.path, code)
                response = page(request, 500, "error.html", error=code)
        if fresh:
            set_cookie(response, "csrf", request.state.csrf)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if config.worker_pid_header:
            response.headers["X-Worker-Pid"] = str(os.getpid())
        return response

    async def csrf_form(request: Request) -> FormData:
        """The posted form, once its `csrf` field matches the `csrf` cookie (double submit)."""
        form = await request.form(max_files=0, max_fields=16)
        if not same_secret(text(form, "csrf"), request.cookies.get("csrf")):
            raise CsrfRejected
        return form

    Form = Annotated[FormData, Depends(csrf_form)]

    def page(request: Request, status: int, template: str, **context: Any) -> HTMLResponse:
        context["csrf"] = request.state.csrf
        return templates.TemplateResponse(request, template, context, status_code=status)

    def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/",
            secure=config.cookie_secure,
            httponly=True,
            samesite=same_site[name],
        )

    def clear(response: Response, name: str) -> None:
        response.delete_cookie(
            name,
            path="/",
            secure=config.cookie_secure,
            httponly=True,
            samesite=same_site[name],
        )

    def set_sealed(response: Response, name: str, sealed: str) -> None:
        """A sealed cookie: the state carries its own expiry, the cookie lasts as long."""
        expires_at = int(sealer.open(pool, sealed)["expires_at"])
        set_cookie(response, name, sealed, max(1, expires_at - int(time.time())))

    def redirect(url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303)

    def signed_in(user: CognitoUser) -> Response:
        # Three tokens do not fit a cookie once sealed: keep the ID and access tokens, drop the
        # refresh token, so the session ends when the access token expires (docs/examples.md).
        response = redirect("/account")
        set_sealed(response, "session", sealer.seal(user, refresh_token=False))
        clear(response, "mfa_state")
        return response

    def next_step(user: CognitoUser, result: AuthResult) -> Response:
        """After a sign-in step: signed in, or the next challenge."""
        if result.signed_in:
            return signed_in(user)
        response = redirect("/mfa")
        set_sealed(response, "mfa_state", sealer.seal(user))
        return response

    def sign_in_again(request: Request, code: str) -> Response:
        response = page(request, 400, "sign_in.html", error=code)
        clear(response, "mfa_state")
        return response

    def current_user(request: Request) -> CognitoUser | None:
        """The signed-in user of the request, or None."""
        sealed = request.cookies.get("session")
        if not sealed:
            return None
        try:
            return CognitoUser.resume_sealed(pool, sealer, sealed)
        except InvalidStateError:
            return None

    async def signed_in_user(request: Request) -> CognitoUser:
        user = current_user(request)
        session = user.get_sign_in_user_session() if user is not None else None
        if user is None or session is None:
            raise SignInRequired
        try:
            await verifier.verify(session.access_token.jwt_token)
        except TokenVerificationError:
            raise SignInRequired from None
        return user

    User = Annotated[CognitoUser, Depends(signed_in_user)]

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected) -> Response:
        return page(request, 403, "error.html", error="CsrfError")

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        response = redirect("/sign-in")
        if "session" in request.cookies:
            clear(response, "session")
        return response

    async def enrolment(user: CognitoUser) -> dict[str, Any]:
        token = await user.associate_software_token()
        uri = token.provisioning_uri(user.username, issuer="cognito-mfa example")
        svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", qr_svg(uri))
        return {"secret": token.secret_code, "qr_svg": Markup(svg)}  # the package's own SVG

    async def mfa_page(
        request: Request, sealed: str, status: int, error: str | None = None
    ) -> Response:
        """The page of the challenge in the sealed state ``sealed`` (with ``error`` if any)."""
        user = CognitoUser.resume_sealed(pool, sealer, sealed)
        # The challenge as the step that asked it returned it (the sealed state holds it).
        challenge = user.pending_challenge()
        asked = challenge.challenge_name if challenge else None
        name = asked.value if asked else None
        context: dict[str, Any] = {"error": error, "challenge": name}
        if challenge is not None and name in ("SMS_MFA", "EMAIL_OTP"):
            context["destination"] = challenge.destination
        elif challenge is not None and name == "SELECT_MFA_TYPE":
            context["factors"] = [factor.value for factor in challenge.mfas_can_choose or []]
        elif name == "MFA_SETUP":
            context["enrolment"] = await enrolment(
                user
            )  # answers with a new Session: seal it again
        response = page(request, status, "mfa.html", **context)
        if name == "MFA_SETUP":
            set_sealed(response, "mfa_state", sealer.seal(user))
        return response

    async def mfa_step(
        request: Request, answer: Callable[[CognitoUser], Awaitable[AuthResult]]
    ) -> Response:
        """Runs a sign-in step on the user of the `mfa_state` cookie."""
        sealed = request.cookies.get("mfa_state")
        if not sealed:
            return redirect("/sign-in")
        try:
            user = CognitoUser.resume_sealed(pool, sealer, sealed)
            return next_step(user, await answer(user))
        except CognitoMfaError as exc:
            if exc.code in SIGN_IN_OVER:
                return sign_in_again(request, exc.code)
            return await mfa_page(request, sealed, 400, exc.code)  # the state is still usable

    @app.get("/")
    async def home(request: Request) -> Response:
        if current_user(request) is not None:
            return redirect("/account")
        response = redirect("/sign-in")
        if "session" in request.cookies:
            clear(response, "session")
        return response

    @app.get("/sign-in")
    async def sign_in_form(request: Request, notice: str | None = None) -> Response:
        return page(request, 200, "sign_in.html", notice=notice)

    @app.post("/sign-in")
    async def sign_in(request: Request, form: Form) -> Response:
        username, password = text(form, "username"), text(form, "password")
        try:
            user = CognitoUser(username, pool)
            result = await user.authenticate_user(AuthenticationDetails(username, password))
            return next_step(user, result)
        except CognitoMfaError as exc:
            return page(request, 400, "sign_in.html", error=exc.code, username=username)

    @app.get("/mfa")
    async def mfa(request: Request) -> Response:
        sealed = request.cookies.get("mfa_state")
        if not sealed:
            return redirect("/sign-in")
        try:
            return await mfa_page(request, sealed, 200)
        except CognitoMfaError as exc:
            return sign_in_again(request, exc.code)

    @app.post("/mfa")
    async def mfa_code(request: Request, form: Form) -> Response:
        code = text(form, "code").strip()
        return await mfa_step(request, lambda user: user.send_mfa_code(code))

    @app.post("/mfa/select")
    async def mfa_select(request: Request, form: Form) -> Response:
        factor = text(form, "factor")
        return await mfa_step(request, lambda user: user.send_mfa_selection_answer(factor))

    @app.post("/mfa/setup")
    async def mfa_setup(request: Request, form: Form) -> Response:
        code = text(form, "code").strip()
        name = text(form, "friendlyName") or "Authenticator app"
        return await mfa_step(request, lambda user: user.verify_software_token(code, name))

    @app.get("/account")
    async def account(
        request: Request, user: User, notice: str | None = None, error: str | None = None
    ) -> Response:
        data = await user.get_user_data()
        factors = [
            {
                "name": name,
                "enabled": name in data.user_mfa_setting_list,
                "preferred": data.preferred_mfa_setting == name,
            }
            for name in FACTORS
        ]
        return page(
            request,
            200,
            "account.html",
            notice=notice,
            error=error,
            username=data.username,
            factors=factors,
        )

    @app.post("/account/mfa")
    async def account_mfa(user: User, form: Form) -> Response:
        settings = SETTINGS.get(text(form, "action"))
        factor = text(form, "factor")
        if settings is None or factor not in FACTORS:
            return redirect("/account?error=InvalidInputError")
        try:
            await user.set_user_mfa_preference(
                settings if factor == "SMS_MFA" else None,
                settings if factor == "SOFTWARE_TOKEN_MFA" else None,
            )
        except CognitoMfaError as exc:
            return redirect(f"/account?error={quote(exc.code)}")
        return redirect("/account?notice=mfa-updated")

    @app.get("/totp/enrol")
    async def totp_enrol_form(request: Request, user: User) -> Response:
        return page(request, 200, "totp_enrol.html", **await enrolment(user))

    @app.post("/totp/enrol")
    async def totp_enrol(request: Request, user: User, form: Form) -> Response:
        try:
            code = text(form, "code").strip()
            await user.verify_software_token(
                code, text(form, "friendlyName") or "Authenticator app"
            )
            await user.set_user_mfa_preference(None, SETTINGS["prefer"])
        except CognitoMfaError as exc:
            # A fresh association: the page shows a secret that is sure to be pending.
            return page(request, 400, "totp_enrol.html", error=exc.code, **await enrolment(user))
        return redirect("/account?notice=totp-enrolled")

    @app.post("/sign-out", dependencies=[Depends(csrf_form)])
    async def sign_out(request: Request) -> Response:
        user = current_user(request)
        if user is not None:
            # The tokens may be expired or revoked already: signing out here is what matters.
            with contextlib.suppress(CognitoMfaError):
                await user.global_sign_out()
        response = redirect("/sign-in?notice=signed-out")
        clear(response, "session")
        clear(response, "mfa_state")
        return response

    return app
