"""
Patches to moto 5.2.1's Cognito backend (moto/cognitoidp/models.py) and its response dispatch
(responses.py). Each behaviour cites the section of the Cognito API reference it follows
(https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_<Operation>.html).
"""

import base64
import json
import secrets
import threading
import time
import uuid
from typing import Any

from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    ExpiredCodeException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    AuthFlow,
    CognitoIdpBackend,
    CognitoIdpUser,
    CognitoIdpUserPool,
    CognitoIdpUserPoolClient,
    UserStatus,
)
from moto.cognitoidp.models import cognitoidp_backends, find_account_region_by_value
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

from . import outbox, srp, totp, triggers

# Cognito's sender when the pool has no SES configuration (API_EmailConfigurationType.html, "COGNITO_DEFAULT").
COGNITO_SENDER = "no-reply@verificationemail.com"
# API_MessageTemplateType.html / API_AdminCreateUserConfigType.html: the defaults without a template.
DEFAULT_INVITE_SUBJECT = "Your temporary password"
DEFAULT_INVITE_MESSAGE = "Your username is {username} and temporary password is {####}."
INCORRECT_CREDENTIALS = "Incorrect username or password."

_ORIGINAL: dict[str, Any] = {}


class UnsupportedUserStateException(JsonRESTError):
    def __init__(self, message: str):
        super().__init__("UnsupportedUserStateException", message)


class PasswordResetRequiredException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("PasswordResetRequiredException", "Password reset required for the user")


# ---------------------------------------------------------------------------------------------
# AdminCreateUser: generated temporary password, invitation, RESEND


_PASSWORD_CLASSES = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+-=?@"]


def generate_temporary_password(pool: CognitoIdpUserPool) -> str:
    """API_AdminCreateUser.html, TemporaryPassword: "If you don't specify a value, Amazon Cognito
    generates one for you" that meets the pool's password policy: one character of every class, then
    random ones, shuffled."""
    policy = pool.extended_config.get("Policies", {}).get("PasswordPolicy", {})
    length = max(int(policy.get("MinimumLength", 8)), 16)
    chars = [secrets.choice(group) for group in _PASSWORD_CLASSES]
    everything = "".join(_PASSWORD_CLASSES)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    for i in range(len(chars) - 1, 0, -1):
        j = secrets.randbelow(i + 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def _send_invitation(pool: CognitoIdpUserPool, user: CognitoIdpUser, delivery_mediums: list[str] | None) -> None:
    """API_AdminCreateUser.html: the welcome message "is based on a template that you configured" with
    the placeholders {username} and {####} (the temporary password), sent by email when
    DesiredDeliveryMediums has EMAIL (SMS is the default there, and is not emulated)."""
    email = user.attribute_lookup.get("email")
    if not email or "EMAIL" not in (delivery_mediums or ["SMS"]):
        return
    template = pool.extended_config.get("AdminCreateUserConfig", {}).get("InviteMessageTemplate", {})
    shown_username = email if "email" in pool.extended_config.get("UsernameAttributes", []) else user.username
    body = template.get("EmailMessage", DEFAULT_INVITE_MESSAGE).replace("{username}", shown_username).replace("{####}", user.password)
    subject = template.get("EmailSubject", DEFAULT_INVITE_SUBJECT)
    outbox.record("cognito", COGNITO_SENDER, [email], subject, body, temporaryPassword=user.password)


def admin_create_user(
    self: CognitoIdpBackend,
    user_pool_id: str,
    username: str,
    message_action: str | None,
    temporary_password: str | None,
    attributes: list[dict[str, str]],
    delivery_mediums: list[str] | None = None,
) -> CognitoIdpUser:
    pool = self.describe_user_pool(user_pool_id)
    if temporary_password:
        # API_AdminCreateUser.html, TemporaryPassword: "must conform to the password policy".
        self._validate_password(user_pool_id, temporary_password)
    if message_action == "RESEND":
        # API_AdminCreateUser.html, MessageAction: RESEND "resend[s] the invitation message to a user
        # that already exists, and ... reset[s] the temporary-password duration with a new temporary
        # password" (moto instead creates a second user). Errors: UserNotFoundException, and
        # UnsupportedUserStateException "when the user is in an unsupported state": one who set a password.
        user = self.admin_get_user(user_pool_id, username)
        if user.status != UserStatus.FORCE_CHANGE_PASSWORD:
            raise UnsupportedUserStateException(f"Resend not possible. {user.username} status is not FORCE_CHANGE_PASSWORD.")
    else:
        user = _ORIGINAL["admin_create_user"](self, user_pool_id, username, message_action, None, attributes)
    user.password = temporary_password or generate_temporary_password(pool)
    if message_action != "SUPPRESS":
        _send_invitation(pool, user, delivery_mediums)
    return user


def admin_create_user_response(self: CognitoIdpResponse) -> ActionResult:
    user = self.backend.admin_create_user(
        self._get_param("UserPoolId"),
        self._get_param("Username"),
        self._get_param("MessageAction"),
        self._get_param("TemporaryPassword"),
        self._get_param("UserAttributes", []),
        self._get_param("DesiredDeliveryMediums"),
    )
    return ActionResult({"User": user.to_json(extended=True)})


# ---------------------------------------------------------------------------------------------
# AdminDeleteSoftwareToken (not in moto 5.2.1)


def _forget_totp(user: CognitoIdpUser) -> None:
    user.token_verified = False
    user.software_token_mfa_enabled = False
    user.totp_secret = None
    user.pending_totp_secret = None
    if user.preferred_mfa_setting == "SOFTWARE_TOKEN_MFA":
        user.preferred_mfa_setting = ""


def admin_delete_software_token(self: CognitoIdpBackend, user_pool_id: str, username: str) -> None:
    """API_AdminDeleteSoftwareToken.html: "Removes the user's software token registration and any
    preference for TOTP MFA"; in a pool that requires MFA the next sign-in answers MFA_SETUP.
    Errors: UserNotFoundException. A user with no software token registration (a secret associated
    but never verified is none): the page does not say; we answer the stricter ResourceNotFoundException,
    as a public emulator does (docs/cognito-behaviours.md), and the flows take either answer as done."""
    user = self.admin_get_user(user_pool_id, username)
    if user.totp_secret is None:
        raise ResourceNotFoundError("Software token not found for the user.")
    _forget_totp(user)


def admin_delete_software_token_response(self: CognitoIdpResponse) -> str:
    # Plain JSON: botocore 1.43 (which moto's ActionResult serializer reads) predates this operation.
    self.backend.admin_delete_software_token(self._get_param("UserPoolId"), self._get_param("Username"))
    return "{}"


# ---------------------------------------------------------------------------------------------
# Sign-in: one decision after the password for every flow


def _new_session(self: CognitoIdpBackend, pool: CognitoIdpUserPool, username: str) -> str:
    session = str(uuid.uuid4())
    self.sessions[session] = (username, pool)
    return session


def _challenge(self: CognitoIdpBackend, pool: CognitoIdpUserPool, username: str, name: str, parameters: dict[str, str]) -> dict[str, Any]:
    return {"ChallengeName": name, "ChallengeParameters": parameters, "Session": _new_session(self, pool, username)}


def _after_password(self: CognitoIdpBackend, pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, user: CognitoIdpUser, username: str) -> dict[str, Any]:
    """What Cognito answers once the password is proven (API_AdminInitiateAuth.html and
    API_InitiateAuth.html, "ChallengeName"):
    - RESET_REQUIRED: PasswordResetRequiredException;
    - FORCE_CHANGE_PASSWORD: NEW_PASSWORD_REQUIRED ("Users who are required to change their passwords
      after successful first login"), with userAttributes and requiredAttributes as JSON strings;
    - a TOTP factor: SOFTWARE_TOKEN_MFA;
    - MFA required by the pool and no factor: MFA_SETUP, MFAS_CAN_SETUP a JSON list ("If MFA is
      required, users who don't have at least one of the MFA methods set up are presented with an
      MFA_SETUP challenge"; moto hands out tokens);
    - otherwise the tokens."""
    if user.status == UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException()
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
        visible = {name: value for name, value in user.attribute_lookup.items() if name not in ("sub", "email_verified")}
        return _challenge(self, pool, username, "NEW_PASSWORD_REQUIRED", {
            "USER_ID_FOR_SRP": user.username,
            "requiredAttributes": "[]",
            "userAttributes": json.dumps(visible),
        })
    if user.software_token_mfa_enabled:
        return _challenge(self, pool, username, "SOFTWARE_TOKEN_MFA", {"USER_ID_FOR_SRP": user.username})
    if pool.mfa_config == "ON":
        return _challenge(self, pool, username, "MFA_SETUP", {"MFAS_CAN_SETUP": json.dumps(["SOFTWARE_TOKEN_MFA"])})
    return self._log_user_in(pool, client, username)


def _find_client(pool: CognitoIdpUserPool, client_id: str) -> CognitoIdpUserPoolClient:
    client = pool.clients.get(client_id)
    if not client:
        raise ResourceNotFoundError(client_id)
    return client


def _signing_in_user(pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, username: str) -> CognitoIdpUser:
    """The user, or Cognito's refusal: with PreventUserExistenceErrors ENABLED an unknown user gets the
    same NotAuthorizedException as a wrong password (API_CreateUserPoolClient.html,
    PreventUserExistenceErrors); a disabled user gets "User is disabled." (NotAuthorizedException)."""
    user = pool._get_user(username) if username else None
    if user is None:
        if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            raise NotAuthorizedError(INCORRECT_CREDENTIALS)
        raise UserNotFoundError("User does not exist.")
    if not user.enabled:
        raise NotAuthorizedError("User is disabled.")
    return user


def _password_sign_in(self: CognitoIdpBackend, pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, parameters: dict[str, str]) -> dict[str, Any]:
    username = parameters.get("USERNAME", "")
    user = _signing_in_user(pool, client, username)
    if user.password is None or not secrets.compare_digest(user.password, parameters.get("PASSWORD", "")):
        raise NotAuthorizedError(INCORRECT_CREDENTIALS)
    return _after_password(self, pool, client, user, username)


_srp_exchanges: dict[str, srp.Exchange] = {}


def _srp_start(self: CognitoIdpBackend, pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, parameters: dict[str, str]) -> dict[str, Any]:
    """API_InitiateAuth.html, USER_SRP_AUTH: answers PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK and
    USER_ID_FOR_SRP. An unknown user (PreventUserExistenceErrors ENABLED) gets a challenge no signature
    satisfies, so the refusal comes at the same step as for a wrong password."""
    username = parameters.get("USERNAME", "")
    try:
        user = _signing_in_user(pool, client, username)
    except NotAuthorizedError as refusal:
        if refusal.message != INCORRECT_CREDENTIALS:
            raise
        user = None
    user_id = user.username if user else str(uuid.uuid4())
    exchange = srp.start(pool.id, user_id, user.password if user else None, parameters.get("SRP_A", ""))
    if exchange is None:
        raise NotAuthorizedError("Invalid SRP_A")
    session = _new_session(self, pool, user.username if user else username)
    _srp_exchanges[session] = exchange
    return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": exchange.challenge_parameters(), "Session": session}


# The ExplicitAuthFlows values that allow each flow (the legacy names included).
_ALLOWED_BY = {
    "ADMIN_USER_PASSWORD_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "ADMIN_NO_SRP_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "USER_SRP_AUTH": ("ALLOW_USER_SRP_AUTH",),
    "USER_PASSWORD_AUTH": ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
    "CUSTOM_AUTH": ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"),
}


def _require_flow(client: CognitoIdpUserPoolClient, auth_flow: str) -> None:
    """API_CreateUserPoolClient.html, ExplicitAuthFlows: "The authentication flows that you want your
    user pool client to support"; another flow is refused (InvalidParameterException, "... flow not
    enabled for this client"; moto accepts any). Refresh is always allowed, as Cognito requires
    ALLOW_REFRESH_TOKEN_AUTH in every list. A client created without a list is not gated here."""
    enabled = client.extended_config.get("ExplicitAuthFlows") or []
    allowed_by = _ALLOWED_BY.get(auth_flow)
    if enabled and allowed_by and not any(flow in enabled for flow in allowed_by):
        raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")


def admin_initiate_auth(self: CognitoIdpBackend, user_pool_id: str, client_id: str, auth_flow: str, auth_parameters: dict[str, str]) -> dict[str, Any]:
    pool = self.describe_user_pool(user_pool_id)
    client = _find_client(pool, client_id)
    _require_flow(client, auth_flow)
    if auth_flow in (AuthFlow.ADMIN_USER_PASSWORD_AUTH.value, AuthFlow.ADMIN_NO_SRP_AUTH.value):
        return _password_sign_in(self, pool, client, auth_parameters or {})
    return _ORIGINAL["admin_initiate_auth"](self, user_pool_id, client_id, auth_flow, auth_parameters)


def _pool_of_client(self: CognitoIdpBackend, client_id: str) -> CognitoIdpUserPool:
    for pool in self.user_pools.values():
        if client_id in pool.clients:
            return pool
    raise ResourceNotFoundError(client_id)


def initiate_auth(self: CognitoIdpBackend, client_id: str, auth_flow: str, auth_parameters: dict[str, str]) -> dict[str, Any]:
    pool = _pool_of_client(self, client_id)
    client = pool.clients[client_id]
    _require_flow(client, auth_flow)
    if auth_flow == AuthFlow.USER_PASSWORD_AUTH.value:
        return _password_sign_in(self, pool, client, auth_parameters or {})
    if auth_flow == AuthFlow.USER_SRP_AUTH.value:
        return _srp_start(self, pool, client, auth_parameters or {})
    return _ORIGINAL["initiate_auth"](self, client_id, auth_flow, auth_parameters)


# ---------------------------------------------------------------------------------------------
# RespondToAuthChallenge / AdminRespondToAuthChallenge


def _session_user(self: CognitoIdpBackend, session: str | None) -> tuple[str, CognitoIdpUserPool, CognitoIdpUser]:
    # API_RespondToAuthChallenge.html, Session: from the previous call; an unknown or used one is refused.
    if not session or session not in self.sessions:
        raise NotAuthorizedError("Invalid session for the user.")
    username, pool = self.sessions[session]
    user = pool._get_user(username)
    if user is None:
        raise NotAuthorizedError("Invalid session for the user.")
    return username, pool, user


def respond_to_auth_challenge(self: CognitoIdpBackend, session: str, client_id: str, challenge_name: str, responses: dict[str, str]) -> dict[str, Any]:
    responses = responses or {}
    if challenge_name not in ("PASSWORD_VERIFIER", "NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "MFA_SETUP"):
        return _ORIGINAL["respond_to_auth_challenge"](self, session, client_id, challenge_name, responses)
    if challenge_name == "PASSWORD_VERIFIER":
        # API_RespondToAuthChallenge.html, PASSWORD_VERIFIER: PASSWORD_CLAIM_SIGNATURE,
        # PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP; a wrong password (or no such user) is
        # NotAuthorizedException. The exchange is single use.
        exchange = _srp_exchanges.pop(session, None)
        username, pool = self.sessions.pop(session, (None, None))
        user = pool._get_user(username) if pool and username else None
        if exchange is None or user is None or not exchange.verify(
            responses.get("PASSWORD_CLAIM_SECRET_BLOCK"), responses.get("TIMESTAMP"), responses.get("PASSWORD_CLAIM_SIGNATURE")
        ):
            raise NotAuthorizedError(INCORRECT_CREDENTIALS)
        return _after_password(self, pool, _find_client(pool, client_id), user, username)

    username, pool, user = _session_user(self, session)
    client = _find_client(pool, client_id)

    if challenge_name == "NEW_PASSWORD_REQUIRED":
        # API_RespondToAuthChallenge.html, NEW_PASSWORD_REQUIRED: NEW_PASSWORD must meet the policy
        # (InvalidPasswordException, the session stays usable); then the user is CONFIRMED and the
        # sign-in continues as after a password (MFA_SETUP in a pool that requires MFA).
        if user.status != UserStatus.FORCE_CHANGE_PASSWORD:
            raise NotAuthorizedError("Invalid session for the user.")
        new_password = responses.get("NEW_PASSWORD") or ""
        self._validate_password(pool.id, new_password)
        del self.sessions[session]
        user.password = new_password
        user.status = UserStatus.CONFIRMED
        return _after_password(self, pool, client, user, username)

    if challenge_name == "SOFTWARE_TOKEN_MFA":
        # API_RespondToAuthChallenge.html, SOFTWARE_TOKEN_MFA_CODE: checked against the user's own
        # secret; a wrong code is CodeMismatchException and the session may be retried.
        if not totp.verify(user.totp_secret, responses.get("SOFTWARE_TOKEN_MFA_CODE")):
            raise CodeMismatchException("Invalid code received for user")
        del self.sessions[session]
        return self._log_user_in(pool, client, username)

    # MFA_SETUP: Developer Guide, "TOTP software token MFA": after AssociateSoftwareToken and
    # VerifySoftwareToken with the challenge's session, answering MFA_SETUP completes the sign-in and
    # the TOTP factor is the user's enabled, preferred MFA (moto only marks it verified).
    if not user.token_verified:
        raise InvalidParameterException("User has not set up software token mfa")
    del self.sessions[session]
    user.software_token_mfa_enabled = True
    user.preferred_mfa_setting = "SOFTWARE_TOKEN_MFA"
    return self._log_user_in(pool, client, username)


# ---------------------------------------------------------------------------------------------
# AssociateSoftwareToken / VerifySoftwareToken: a random secret per user


def _token_user(self: CognitoIdpBackend, access_token: str | None, session: str | None) -> tuple[CognitoIdpUser, str | None]:
    if session:
        _, pool, user = _session_user(self, session)
        return user, session
    for pool in self.user_pools.values():
        if access_token and access_token in pool.access_tokens:
            _, username = pool.access_tokens[access_token]
            return self.admin_get_user(pool.id, username), None
    raise NotAuthorizedError("Invalid Access Token")


def associate_software_token(self: CognitoIdpBackend, access_token: str | None, session: str | None) -> dict[str, str]:
    """API_AssociateSoftwareToken.html: "a unique generated shared secret key code for the user account"
    (moto gives everyone the same one). It replaces the registered one only once verified."""
    user, session = _token_user(self, access_token, session)
    user.pending_totp_secret = totp.new_secret()
    return {"SecretCode": user.pending_totp_secret, **({"Session": session} if session else {})}


def verify_software_token(self: CognitoIdpBackend, access_token: str | None, session: str | None, user_code: str, friendly_device_name: str | None) -> dict[str, str]:
    """API_VerifySoftwareToken.html: registers the associated secret when UserCode is its current code
    (with Cognito's clock-skew tolerance); otherwise CodeMismatchException."""
    user, session = _token_user(self, access_token, session)
    if not totp.verify(user.pending_totp_secret, user_code):
        raise CodeMismatchException("Code mismatch")
    user.totp_secret, user.pending_totp_secret = user.pending_totp_secret, None
    user.token_verified = True
    result = {"Status": "SUCCESS"}
    if session:
        username, pool = self.sessions.pop(session)
        result["Session"] = _new_session(self, pool, username)
    return result


# ---------------------------------------------------------------------------------------------
# ForgotPassword / ConfirmForgotPassword: a code by email, then a new password


class LimitExceededException(JsonRESTError):
    def __init__(self, message: str):
        super().__init__("LimitExceededException", message)


DEFAULT_VERIFICATION_SUBJECT = "Your verification code"
DEFAULT_VERIFICATION_MESSAGE = "Your verification code is {####}."
# How long a reset code works (Developer Guide, "Recovering user accounts": the code is valid for one hour).
CODE_VALIDITY_SECONDS = 3600
# ForgotPassword and ConfirmForgotPassword list LimitExceededException; the API reference gives no
# numbers. These are this emulator's: codes sent to one user per hour, wrong codes per code, and how
# long confirming is then refused ("Attempt limit exceeded, please try after some time.": SDKs retry
# LimitExceededException as throttling, so the refusal must last, not turn into CodeMismatchException).
CODES_PER_HOUR = 5
WRONG_CODES_PER_CODE = 5
LOCKOUT_SECONDS = 900

_reset_lock = threading.Lock()
# Per user (by sub): the outstanding code, its expiry, its wrong attempts, and the recent send times.
_resets: dict[str, dict[str, Any]] = {}


def _mask_email(email: str) -> str:
    local_part, _, domain = email.partition("@")
    return f"{local_part[:1]}***@{domain[:1]}***"


def _public_client_pool(self: CognitoIdpBackend, client_id: str) -> tuple[CognitoIdpUserPool, CognitoIdpUserPoolClient]:
    pool = _pool_of_client(self, client_id)
    return pool, pool.clients[client_id]


def _recovery_by_email(pool: CognitoIdpUserPool) -> None:
    """API_UserPoolType.html, AccountRecoverySetting: the mechanism of the lowest Priority is used; only
    admin_only means no self-service reset (NotAuthorizedException). Only email delivery is emulated."""
    mechanisms = (pool.extended_config.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms") or [{"Name": "verified_email", "Priority": 1}]
    first = min(mechanisms, key=lambda mechanism: mechanism.get("Priority", 1))["Name"]
    if first == "admin_only":
        raise NotAuthorizedError("Contact administrator to reset password.")
    if first != "verified_email":
        raise InvalidParameterException(f"{first} recovery is not emulated")


def forgot_password(self: CognitoIdpBackend, client_id: str, username: str) -> tuple[str | None, dict[str, Any]]:
    """API_ForgotPassword.html: sends a confirmation code "to the user's verified email" and answers
    CodeDeliveryDetails (Destination masked, DeliveryMedium EMAIL, AttributeName email).
    - an unknown user: with PreventUserExistenceErrors ENABLED a simulated CodeDeliveryDetails and no
      email (Developer Guide, "Managing user existence error responses"), else UserNotFoundException;
    - no verified email: InvalidParameterException ("If neither a verified phone number nor a verified
      email exists, this API returns InvalidParameterException");
    - a user who never set a password (FORCE_CHANGE_PASSWORD): NotAuthorizedException, "User password
      cannot be reset in the current state.", as Cognito answers;
    - more than CODES_PER_HOUR codes for one user: LimitExceededException.
    The email uses the pool's verification template ({####}: the code), or Cognito's default."""
    pool, client = _public_client_pool(self, client_id)
    _recovery_by_email(pool)
    user = pool._get_user(username) if username else None
    if user is None:
        if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            return None, {"CodeDeliveryDetails": {"Destination": _mask_email(username if "@" in username else f"{username}@example.com"), "DeliveryMedium": "EMAIL", "AttributeName": "email"}}
        raise UserNotFoundError("Username/client id combination not found.")
    email = user.attribute_lookup.get("email")
    if not email or user.attribute_lookup.get("email_verified") != "true":
        raise InvalidParameterException("Cannot reset password for the user as there is no registered/verified email or phone_number")
    if user.status == UserStatus.FORCE_CHANGE_PASSWORD:
        raise NotAuthorizedError("User password cannot be reset in the current state.")
    now = time.time()
    with _reset_lock:
        state = _resets.setdefault(user.id, {"sent": []})
        state["sent"] = [sent for sent in state["sent"] if sent > now - 3600]
        if len(state["sent"]) >= CODES_PER_HOUR:
            raise LimitExceededException("Attempt limit exceeded, please try after some time.")
        code = f"{secrets.randbelow(1_000_000):06d}"
        state.update(code=code, expires=now + CODE_VALIDITY_SECONDS, wrong=0)
        state["sent"].append(now)
    template = pool.extended_config.get("VerificationMessageTemplate") or {}
    subject = template.get("EmailSubject") or pool.extended_config.get("EmailVerificationSubject") or DEFAULT_VERIFICATION_SUBJECT
    body = (template.get("EmailMessage") or pool.extended_config.get("EmailVerificationMessage") or DEFAULT_VERIFICATION_MESSAGE).replace("{####}", code)
    outbox.record("cognito", COGNITO_SENDER, [email], subject, body, confirmationCode=code)
    return None, {"CodeDeliveryDetails": {"Destination": _mask_email(email), "DeliveryMedium": "EMAIL", "AttributeName": "email"}}


def confirm_forgot_password(self: CognitoIdpBackend, client_id: str, username: str, password: str, confirmation_code: str) -> None:
    """API_ConfirmForgotPassword.html: the code from ForgotPassword and a new password.
    - no outstanding code, or a wrong one: CodeMismatchException (an unknown user too, with
      PreventUserExistenceErrors ENABLED; else UserNotFoundException);
    - a code past its hour: ExpiredCodeException;
    - WRONG_CODES_PER_CODE wrong codes: LimitExceededException, the code spent, and every confirm
      refused the same way for LOCKOUT_SECONDS;
    - a password the policy refuses: InvalidPasswordException, the code still usable;
    - success: the password is the user's, the user CONFIRMED, the code spent. Sessions are not ended:
      the API reference does not say the reset revokes tokens, so refresh tokens issued before stay
      valid (the stricter assumption for the product: sign the user out yourself).
    Then the pool's PostConfirmation trigger runs with triggerSource PostConfirmation_ConfirmForgotPassword
    (Developer Guide, "Post confirmation Lambda trigger"); if it fails the caller gets
    UserLambdaValidationException, the new password already in effect."""
    pool, client = _public_client_pool(self, client_id)
    user = pool._get_user(username) if username else None
    if user is None:
        if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        raise UserNotFoundError("Username/client id combination not found.")
    now = time.time()
    with _reset_lock:
        state = _resets.get(user.id) or {}
        if state.get("locked_until", 0) > now:
            raise LimitExceededException("Attempt limit exceeded, please try after some time.")
        if not state.get("code"):
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        if state["expires"] < now:
            state["code"] = None
            raise ExpiredCodeException("Invalid code provided, please request a code again.")
        if not secrets.compare_digest(state["code"], confirmation_code or ""):
            state["wrong"] += 1
            if state["wrong"] >= WRONG_CODES_PER_CODE:
                state.update(code=None, locked_until=now + LOCKOUT_SECONDS)
                raise LimitExceededException("Attempt limit exceeded, please try after some time.")
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        self._validate_password(pool.id, password or "")
        state["code"] = None
    user.password = password
    user.status = UserStatus.CONFIRMED
    triggers.invoke(pool, "PostConfirmation", "PostConfirmation_ConfirmForgotPassword", user, client_id, {})


def _backend_of_client(self: CognitoIdpResponse, client_id: str) -> CognitoIdpBackend:
    # These public operations carry no signature to name a region: find the client's backend, as moto does.
    account, region = find_account_region_by_value("client_id", client_id, fallback=(self.current_account, self.region))
    return cognitoidp_backends[account][region]


def forgot_password_response(self: CognitoIdpResponse) -> str:
    client_id = self._get_param("ClientId")
    _, response = _backend_of_client(self, client_id).forgot_password(client_id, self._get_param("Username"))
    return json.dumps(response)


def confirm_forgot_password_response(self: CognitoIdpResponse) -> str:
    # Plain JSON, as for AdminDeleteSoftwareToken: an empty body.
    client_id = self._get_param("ClientId")
    _backend_of_client(self, client_id).confirm_forgot_password(
        client_id, self._get_param("Username"), self._get_param("Password"), self._get_param("ConfirmationCode")
    )
    return "{}"


# ---------------------------------------------------------------------------------------------
# PostAuthentication: after every sign-in that issues tokens (not a refresh)


def log_user_in(self: CognitoIdpBackend, pool: CognitoIdpUserPool, client: CognitoIdpUserPoolClient, username: str) -> dict[str, Any]:
    """Developer Guide, "Post authentication Lambda trigger": Cognito invokes it after signing a user in
    (triggerSource PostAuthentication_Authentication, request.newDeviceUsed), before it answers with
    tokens; if the function fails, the sign-in fails and no tokens are issued."""
    user = pool._get_user(username)
    triggers.invoke(pool, "PostAuthentication", "PostAuthentication_Authentication", user, client.id, {"newDeviceUsed": False})
    return _ORIGINAL["_log_user_in"](self, pool, client, username)


# ---------------------------------------------------------------------------------------------
# Refresh tokens: tied to the user they were issued to, revoked by global sign-out


def create_refresh_token(self: CognitoIdpUserPool, client_id: str, username: str) -> tuple[str, str]:
    token, origin_jti = _ORIGINAL["create_refresh_token"](self, client_id, username)
    # Remember whose it is: a user deleted and recreated under the same email is a different user.
    self.refresh_token_subs = getattr(self, "refresh_token_subs", {})
    self.refresh_token_subs[token] = self._get_user(username).id
    return token, origin_jti


def create_tokens_from_refresh_token(self: CognitoIdpUserPool, refresh_token: str) -> tuple[str, str, int]:
    """API_InitiateAuth.html, REFRESH_TOKEN_AUTH: an unknown, revoked (AdminUserGlobalSignOut,
    GlobalSignOut, RevokeToken) or orphaned refresh token is NotAuthorizedException (moto fails with a
    server error on unknown tokens); a disabled user gets "User is disabled."."""
    if refresh_token not in self.refresh_tokens:
        raise NotAuthorizedError("Invalid Refresh Token")
    issued = self.refresh_tokens[refresh_token]
    if issued is None:
        raise NotAuthorizedError("Refresh Token has been revoked")
    user = self._get_user(issued[1])
    if user is None or user.id != getattr(self, "refresh_token_subs", {}).get(refresh_token):
        raise NotAuthorizedError("Invalid Refresh Token")
    if not user.enabled:
        raise NotAuthorizedError("User is disabled.")
    # A refresh is its own trigger source for pre token generation.
    self.token_generation_source = "TokenGeneration_RefreshTokens"
    try:
        return _ORIGINAL["create_tokens_from_refresh_token"](self, refresh_token)
    finally:
        self.token_generation_source = None


# ---------------------------------------------------------------------------------------------
# Pre token generation (V2_0 event): the access token's scopes as the function answers them

SELF_SERVICE_SCOPE = "aws.cognito.signin.user.admin"


def create_access_token(self: CognitoIdpUserPool, client_id: str, username: str, origin_jti: str) -> tuple[str, int]:
    """Developer Guide, "Pre token generation Lambda trigger": with a V2_0 (or V3_0) event, Cognito
    invokes the function before it issues tokens (triggerSource TokenGeneration_Authentication, ...
    TokenGeneration_RefreshTokens on a refresh), with request.scopes (the access token's scopes:
    aws.cognito.signin.user.admin for an API sign-in) and request.groupConfiguration; the answer's
    response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToSuppress removes scopes and
    scopesToAdd adds them. A failing function fails the sign-in. Only the access token's scopes are
    emulated (not claimsToAddOrOverride, claimsToSuppress or the ID token's overrides, which we do not use).
    moto always writes scope aws.cognito.signin.user.admin and knows no such trigger."""
    version = triggers.pre_token_generation_version(self)
    if version not in ("V2_0", "V3_0"):
        return _ORIGINAL["create_access_token"](self, client_id, username, origin_jti)
    user = self._get_user(username)
    groups = [group.group_name for group in user.groups]
    source = getattr(self, "token_generation_source", None) or "TokenGeneration_Authentication"
    request = {"groupConfiguration": {"groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": None}, "scopes": [SELF_SERVICE_SCOPE]}
    answered = triggers.invoke(self, "PreTokenGenerationConfig", source, user, client_id, request, version="2") or {}
    details = ((answered.get("response") or {}).get("claimsAndScopeOverrideDetails") or {}).get("accessTokenGeneration") or {}
    suppress = set(details.get("scopesToSuppress") or [])
    scopes = [scope for scope in [SELF_SERVICE_SCOPE, *(details.get("scopesToAdd") or [])] if scope not in suppress]
    extra_data: dict[str, Any] = {"origin_jti": origin_jti, **({"scope": " ".join(scopes)} if scopes else {})}
    if groups:
        extra_data["cognito:groups"] = groups
    access_token, expires_in = self.create_jwt(client_id, username, "access", extra_data=extra_data)
    self.access_tokens[access_token] = (client_id, username)
    return access_token, expires_in


def _access_token_scopes(access_token: str) -> list[str] | None:
    """The `scope` claim of a token this emulator issued (its signature is moto's business; None when it is not a JWT)."""
    try:
        payload = access_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None
    return str(claims.get("scope", "")).split()


def authorize_self_service(self: CognitoIdpResponse, resource: str) -> None:
    """API_GetUser.html, API_DeleteUser.html, API_AssociateSoftwareToken.html, API_ChangePassword.html,
    API_UpdateUserAttributes.html, API_SetUserMFAPreference.html, API_GlobalSignOut.html (every operation
    that takes an AccessToken): the token "Must include a scope claim for aws.cognito.signin.user.admin";
    without it Cognito answers NotAuthorizedException "Access Token does not have required scopes". moto
    never reads the scopes, so a token whose scope the pre-token-generation trigger suppressed would still
    work here. Runs where moto authorizes every request, after the IAM check, before any state is read."""
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action(self, resource)
    access_token = self._get_param("AccessToken")
    if not access_token:
        return
    scopes = _access_token_scopes(access_token)
    if scopes is not None and SELF_SERVICE_SCOPE not in scopes:
        raise NotAuthorizedError("Access Token does not have required scopes")


def _readable_by(client: CognitoIdpUserPoolClient | None, name: str) -> bool:
    """API_CreateUserPoolClient.html, ReadAttributes: the client's list; "When you don't specify the
    ReadAttributes for your app client, your app can read the values of email_verified,
    phone_number_verified, and the Standard attributes of your user pool": no custom (or developer-only)
    attribute."""
    readable = client.get_readable_fields() if client else []
    if readable:
        return name in readable
    return not name.startswith(("custom:", "dev:"))


def create_id_token(self: CognitoIdpUserPool, client_id: str, username: str, origin_jti: str) -> tuple[str, int]:
    """Developer Guide, "Working with user attributes" (attribute permissions and scopes): "Your user's
    ID token from an app only contains claims that correspond to the readable attributes" of its app
    client; a client without ReadAttributes reads the standard ones (_readable_by). moto puts every
    custom attribute into every ID token, whatever the client may read."""
    client = self.clients.get(client_id)
    user = self._get_user(username)
    extra_data: dict[str, Any] = {attr["Name"]: attr["Value"] for attr in user.attributes if attr["Name"] != "sub" and _readable_by(client, attr["Name"])}
    extra_data["origin_jti"] = origin_jti
    if len(user.groups) > 0:
        extra_data["cognito:groups"] = [group.group_name for group in user.groups]
    id_token, expires_in = self.create_jwt(client_id, username, "id", extra_data=extra_data)
    self.id_tokens[id_token] = (client_id, username)
    return id_token, expires_in


def sign_out(self: CognitoIdpUserPool, username: str) -> None:
    """API_AdminUserGlobalSignOut.html: "Invalidates the identity, access, and refresh tokens that
    Amazon Cognito issued to a user" however the user was named at sign-in (moto matches the name
    string, so a sign-in by email survived a sign-out by username)."""
    target = self._get_user(username)
    resolved: dict[str, Any] = {}

    def same_user(name: str) -> bool:
        if name not in resolved:
            resolved[name] = self._get_user(name)
        return resolved[name] is target

    for token, issued in list(self.refresh_tokens.items()):
        if issued is not None and same_user(issued[1]):
            self.refresh_tokens[token] = None
    for token, (_, name) in list(self.access_tokens.items()):
        if same_user(name):
            del self.access_tokens[token]


def get_user(self: CognitoIdpUserPool, username: str) -> CognitoIdpUser | None:
    """moto's lookup by username or alias attribute, cheaper: the internal username is a dict key, and
    the alias scan reads each user's attribute dict instead of rebuilding it from the list."""
    user = self.users.get(username)
    if user is not None:
        return user
    for attribute in self.extended_config.get("UsernameAttributes") or []:
        for candidate in self.users.values():
            if candidate.attribute_lookup.get(attribute) == username:
                return candidate
    return None


# ---------------------------------------------------------------------------------------------


def install() -> None:
    _ORIGINAL.update(
        admin_create_user=CognitoIdpBackend.admin_create_user,
        admin_initiate_auth=CognitoIdpBackend.admin_initiate_auth,
        initiate_auth=CognitoIdpBackend.initiate_auth,
        respond_to_auth_challenge=CognitoIdpBackend.respond_to_auth_challenge,
        create_refresh_token=CognitoIdpUserPool.create_refresh_token,
        create_tokens_from_refresh_token=CognitoIdpUserPool.create_tokens_from_refresh_token,
        create_access_token=CognitoIdpUserPool.create_access_token,
        _log_user_in=CognitoIdpBackend._log_user_in,
    )
    CognitoIdpUser.totp_secret = None
    CognitoIdpUser.pending_totp_secret = None

    CognitoIdpBackend.admin_create_user = admin_create_user
    CognitoIdpBackend.admin_delete_software_token = admin_delete_software_token
    CognitoIdpBackend.admin_initiate_auth = admin_initiate_auth
    CognitoIdpBackend.initiate_auth = initiate_auth
    CognitoIdpBackend.respond_to_auth_challenge = respond_to_auth_challenge
    CognitoIdpBackend.associate_software_token = associate_software_token
    CognitoIdpBackend.verify_software_token = verify_software_token
    CognitoIdpBackend.forgot_password = forgot_password
    CognitoIdpBackend.confirm_forgot_password = confirm_forgot_password
    CognitoIdpBackend._log_user_in = log_user_in
    CognitoIdpUserPool.create_refresh_token = create_refresh_token
    CognitoIdpUserPool.create_tokens_from_refresh_token = create_tokens_from_refresh_token
    CognitoIdpUserPool.create_id_token = create_id_token
    CognitoIdpUserPool.create_access_token = create_access_token
    CognitoIdpUserPool.sign_out = sign_out
    CognitoIdpUserPool._get_user = get_user

    CognitoIdpResponse._authenticate_and_authorize_normal_action = authorize_self_service
    CognitoIdpResponse.admin_create_user = admin_create_user_response
    CognitoIdpResponse.admin_delete_software_token = admin_delete_software_token_response
    CognitoIdpResponse.forgot_password = forgot_password_response
    CognitoIdpResponse.confirm_forgot_password = confirm_forgot_password_response
