"""
The user pool's Lambda triggers, invoked as Cognito invokes them: synchronously, with the documented
event, Cognito waiting for the function's answer (Developer Guide, "Customizing user pool workflows
with Lambda triggers": https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-identity-pools-working-with-aws-lambda-triggers.html).

moto cannot run Lambda, so a trigger is a POST of the event JSON to
``$LOCAL_TRIGGER_URL/<function name>`` (the function name is the last part of the ARN in the pool's
LambdaConfig); the answer's body is the returned event. local/moto-server.ts sets LOCAL_TRIGGER_URL to
the local API's trigger endpoint (local/cognito-triggers.ts), which runs the named handler module.
"""

import json
import os
import urllib.error
import urllib.request
from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, CognitoIdpUserPool
from moto.core.exceptions import JsonRESTError

TRIGGER_URL_ENV = "LOCAL_TRIGGER_URL"
# Cognito waits at most 5 seconds for a trigger (developer guide, Lambda triggers: "Amazon Cognito
# invokes Lambda functions synchronously ... the function must respond within 5 seconds").
TIMEOUT_SECONDS = 5


class UserLambdaValidationException(JsonRESTError):
    def __init__(self, message: str):
        super().__init__("UserLambdaValidationException", message)


class UnexpectedLambdaException(JsonRESTError):
    def __init__(self, message: str):
        super().__init__("UnexpectedLambdaException", message)


def function_name(arn: str) -> str:
    """arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>] -> <name>."""
    parts = arn.split(":")
    return parts[6] if len(parts) >= 7 and parts[5] == "function" else arn


def user_attributes(user: CognitoIdpUser) -> dict[str, str]:
    """request.userAttributes: every attribute by name, with the user's status as Cognito adds it."""
    return {**user.attribute_lookup, "cognito:user_status": user.status}


def invoke(
    pool: CognitoIdpUserPool, trigger: str, trigger_source: str, user: CognitoIdpUser, client_id: str, request: dict[str, Any], version: str = "1"
) -> dict[str, Any] | None:
    """Runs the pool's `trigger` (a LambdaConfig key such as PostConfirmation), if it names one, and
    returns the event the function returned. The common event fields are those of the developer guide's
    "Lambda trigger common parameters". A function that fails, times out or cannot be reached fails the
    operation: "<Trigger> failed with error <message>." (UserLambdaValidationException), as Cognito
    reports a trigger's error to the caller."""
    arn = (pool.extended_config.get("LambdaConfig") or {}).get(trigger)
    if isinstance(arn, dict):  # PreTokenGenerationConfig: {"LambdaArn", "LambdaVersion"}
        arn = arn.get("LambdaArn")
    if not arn:
        return None
    event = {
        "version": version,
        "region": pool.region,
        "userPoolId": pool.id,
        "userName": user.username,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id},
        "triggerSource": trigger_source,
        "request": {"userAttributes": user_attributes(user), **request},
        "response": {},
    }
    base = os.environ.get(TRIGGER_URL_ENV)
    if not base:
        raise UnexpectedLambdaException(f"{trigger} is configured but {TRIGGER_URL_ENV} is not set: nothing can run {arn}")
    call = urllib.request.Request(
        f"{base.rstrip('/')}/{function_name(arn)}",
        data=json.dumps(event).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(call, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as failed:
        try:
            message = json.loads(failed.read().decode("utf-8")).get("errorMessage", failed.reason)
        except ValueError:
            message = failed.reason
        raise UserLambdaValidationException(f"{trigger} failed with error {message}.")
    except (urllib.error.URLError, TimeoutError, ValueError) as failed:
        raise UserLambdaValidationException(f"{trigger} failed with error {failed}.")


def pre_token_generation_version(pool: CognitoIdpUserPool) -> str | None:
    """The pool's PreTokenGenerationConfig LambdaVersion (V1_0, V2_0, V3_0), if it names a function."""
    config = (pool.extended_config.get("LambdaConfig") or {}).get("PreTokenGenerationConfig") or {}
    return config.get("LambdaVersion") if config.get("LambdaArn") else None
