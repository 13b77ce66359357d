"""
IAM enforcement with resources and conditions, for the calls this project's functions make.

moto 5.2.1 checks IAM when ``INITIAL_NO_AUTH_ACTION_COUNT`` is set (local/moto-server.ts sets 0), but
moto/iam/access_control.py evaluates every service except S3 against resource ``*`` and reads
condition values only from trust policies: a statement scoped to a user pool, a table or an SES
identity never matches, and ``dynamodb:LeadingKeys`` is never seen. This module replaces the check
(``ActionAuthenticatorMixin._authenticate_and_authorize_normal_action``) with one that:

* lets unsigned requests through (Cognito's public operations, curl in the README walkthrough), and
  requests signed with the emulator's admin key (``MOTO_PLUGIN_ADMIN_ACCESS_KEY_ID``: bootstrap,
  seeding, tests), as moto's own check would with a policy allowing ``*``;
* identifies every other caller with moto's own code (an IAM user's key or STS assumed-role
  credentials, signature checked): an unknown key fails as in AWS;
* turns the request into the authorization requests AWS makes for it, each an action, a resource
  ARN and the request's condition keys (``_request_contexts``), as the Service Authorization
  Reference lists them per service:
  - Cognito user pools, every operation naming a ``UserPoolId``: the pool's ARN
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitouserpools.html);
  - DynamoDB: the table's ARN, or ``<table ARN>/index/<IndexName>`` for an index Query or Scan, with
    ``dynamodb:LeadingKeys``, the partition key values the request names
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html,
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html).
    TransactWriteItems and TransactGetItems have no action of their own: every item is authorized
    as the PutItem, UpdateItem, DeleteItem, ConditionCheckItem or GetItem it is
    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html);
  - SES v2 SendEmail: the sending identity's ARN (the address's own identity if it has one, else
    its domain's), plus the configuration set's ARN when one is named, with ``ses:FromAddress``,
    ``ses:FromDisplayName``, ``ses:Recipients`` and ``ses:ApiVersion``
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html,
    https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html);
  - Secrets Manager: the secret's full ARN, however ``SecretId`` names it
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html);
  - anything else: resource ``*`` (so only a statement for ``*`` allows it);
* evaluates the caller's identity-based policies (inline and attached, of the user or role) as IAM
  does (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
  an explicit Deny wins, else an Allow must match action, resource and every condition, else the
  request is denied implicitly. Conditions: the String operators with ``IfExists`` and the
  ``ForAllValues:`` / ``ForAnyValue:`` set operators, ``Bool`` and ``Null``
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
  Any other operator fails the request with an error naming it rather than guessing;
* then a DynamoDB table's resource-based policy (PutResourcePolicy; the audit table's append-only
  Deny): its explicit Deny statements for every principal refuse the request too, whatever the
  identity policy allows (same evaluation-logic page; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html).

A denied request answers ``AccessDeniedException`` (HTTP 400, as each service's Common Errors page
lists it) with AWS's message, before moto touches any state. An allowed request goes on to moto
unchanged. Not covered: other resource-based policies (S3 buckets keep moto's own check) and the
Allow statements of table policies, permission boundaries, SCPs, session policies,
KMS key policies behind encrypted tables, and the global condition keys (``aws:SourceIp``, ...).
"""

import json
import os
import re
from email.utils import getaddresses, parseaddr
from typing import Any
from urllib.parse import urlparse

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto import settings

ADMIN_ACCESS_KEY_ID = os.environ.get("MOTO_PLUGIN_ADMIN_ACCESS_KEY_ID", "local")

# (action, resource ARN, condition context: key -> list of values)
RequestContext = tuple[str, str, dict[str, list[str]]]


class AccessDeniedException(JsonRESTError):
    code = 400

    def __init__(self, principal_arn: str, action: str, resource: str, reason: str):
        super().__init__(
            "AccessDeniedException",
            f"User: {principal_arn} is not authorized to perform: {action} on resource: {resource} because {reason}",
        )


class UnrecognizedClientException(JsonRESTError):
    code = 400

    def __init__(self) -> None:
        super().__init__("UnrecognizedClientException", "The security token included in the request is invalid.")


class InvalidSignatureException(JsonRESTError):
    code = 400

    def __init__(self) -> None:
        super().__init__(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.",
        )


class UnsupportedPolicyError(JsonRESTError):
    code = 500

    def __init__(self, message: str):
        super().__init__("InternalFailure", f"local/moto_plugin/iam.py: {message}")


# ---------------------------------------------------------------------------------------------
# The request: action, resource and condition keys


def _body(response: Any) -> dict[str, Any]:
    body = response.body
    if isinstance(body, dict):
        return body
    try:
        parsed = json.loads(body or "{}")
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _scalar(value: Any) -> str:
    """A DynamoDB AttributeValue ({"S": "x"}) or a plain value, as IAM compares it: a string."""
    if isinstance(value, dict) and len(value) == 1:
        value = next(iter(value.values()))
    return str(value)


def _dynamodb_contexts(response: Any, action: str, body: dict[str, Any], arn_prefix: str) -> list[RequestContext]:
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[response.current_account][response.region]

    def table_arn(name: str) -> str:
        return name if name.startswith("arn:") else f"{arn_prefix}:table/{name}"

    def hash_key_attr(name: str) -> str | None:
        table = backend.tables.get(name)
        return table.hash_key_attr if table else None

    def leading_keys(name: str, keys: list[dict[str, Any]]) -> dict[str, list[str]]:
        attr = hash_key_attr(name)
        values = sorted({_scalar(key[attr]) for key in keys if attr and isinstance(key, dict) and attr in key})
        return {"dynamodb:LeadingKeys": values} if values else {}

    if action in ("TransactWriteItems", "TransactGetItems"):
        item_actions = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
        contexts = []
        for entry in body.get("TransactItems") or []:
            for kind, operation in entry.items():
                name = operation.get("TableName", "")
                key = operation.get("Item") if kind == "Put" else operation.get("Key")
                contexts.append((f"dynamodb:{item_actions[kind]}", table_arn(name), leading_keys(name, [key or {}])))
        return contexts

    if action in ("BatchGetItem", "BatchWriteItem"):
        contexts = []
        for name, requests in (body.get("RequestItems") or {}).items():
            if action == "BatchGetItem":
                keys = requests.get("Keys") or []
            else:
                keys = [(r.get("PutRequest") or {}).get("Item") or (r.get("DeleteRequest") or {}).get("Key") or {} for r in requests]
            contexts.append((f"dynamodb:{action}", table_arn(name), leading_keys(name, keys)))
        return contexts

    name = body.get("TableName")
    if not name:
        return [(f"dynamodb:{action}", "*", {})]
    resource = table_arn(name)
    if body.get("IndexName") and action in ("Query", "Scan"):
        resource = f"{resource}/index/{body['IndexName']}"
    if action in ("GetItem", "UpdateItem", "DeleteItem"):
        conditions = leading_keys(name, [body.get("Key") or {}])
    elif action == "PutItem":
        conditions = leading_keys(name, [body.get("Item") or {}])
    elif action == "Query":
        conditions = _query_leading_keys(backend, name, body)
    else:
        conditions = {}
    return [(f"dynamodb:{action}", resource, conditions)]


def _query_leading_keys(backend: Any, name: str, body: dict[str, Any]) -> dict[str, list[str]]:
    """The partition key value a Query's KeyConditionExpression names, parsed as moto parses it."""
    from moto.dynamodb.parsing.key_condition_expression import parse_expression

    expression = body.get("KeyConditionExpression")
    if not expression or name not in backend.tables:
        return {}
    try:
        schema = backend.get_schema(table_name=name, index_name=body.get("IndexName"))
        hash_conditions, _, _ = parse_expression(
            expression, body.get("ExpressionAttributeValues") or {}, body.get("ExpressionAttributeNames") or {}, schema
        )
    except Exception:
        return {}  # moto answers the malformed query itself
    return {"dynamodb:LeadingKeys": [_scalar(value) for _, value in hash_conditions]}


def _ses_contexts(response: Any, action: str, body: dict[str, Any], arn_prefix: str) -> list[RequestContext]:
    if action != "SendEmail":
        return [(f"ses:{action}", "*", {})]
    from moto.ses.models import ses_backends

    identities = ses_backends[response.current_account][response.region].email_identities
    display_name, from_address = parseaddr(body.get("FromEmailAddress") or "")
    domain = from_address.rpartition("@")[2]
    identity = from_address if from_address in identities or domain not in identities else domain
    destination = body.get("Destination") or {}
    recipients = [address for _, address in getaddresses(sum((destination.get(field) or [] for field in ("ToAddresses", "CcAddresses", "BccAddresses")), []))]
    conditions = {
        "ses:FromAddress": [from_address],
        "ses:Recipients": recipients,
        "ses:ApiVersion": ["2"],
        **({"ses:FromDisplayName": [display_name]} if display_name else {}),
    }
    contexts = [("ses:SendEmail", f"{arn_prefix}:identity/{identity}", conditions)]
    if body.get("ConfigurationSetName"):
        contexts.append(("ses:SendEmail", f"{arn_prefix}:configuration-set/{body['ConfigurationSetName']}", conditions))
    return contexts


def _secrets_contexts(response: Any, action: str, body: dict[str, Any]) -> list[RequestContext]:
    from moto.secretsmanager.models import secretsmanager_backends

    secret_id = body.get("SecretId")
    if not secret_id:
        return [(f"secretsmanager:{action}", "*", {})]
    secret = secretsmanager_backends[response.current_account][response.region].secrets.get(secret_id)
    # An unknown secret: AWS authorizes against the ARN the id spells, or the name's ARN pattern.
    resource = secret.arn if secret else secret_id if secret_id.startswith("arn:") else f"arn:aws:secretsmanager:{response.region}:{response.current_account}:secret:{secret_id}"
    return [(f"secretsmanager:{action}", resource, {})]


def _request_contexts(response: Any, service: str, action: str) -> list[RequestContext]:
    body = _body(response)
    arn_prefix = f"arn:aws:{service}:{response.region}:{response.current_account}"
    if service == "cognito-idp":
        pool = body.get("UserPoolId")
        return [(f"cognito-idp:{action}", f"{arn_prefix}:userpool/{pool}" if pool else "*", {})]
    if service == "dynamodb":
        return _dynamodb_contexts(response, action, body, arn_prefix)
    if service == "ses":
        return _ses_contexts(response, action, body, arn_prefix)
    if service == "secretsmanager":
        return _secrets_contexts(response, action, body)
    return [(f"{service}:{action}", "*", {})]


# ---------------------------------------------------------------------------------------------
# Policy evaluation


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _glob(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM's wildcards: `*` any run of characters, `?` one character; nothing else is special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


_STRING_MATCHERS = {
    "StringEquals": lambda policy, value: policy == value,
    "StringNotEquals": lambda policy, value: policy == value,
    "StringEqualsIgnoreCase": lambda policy, value: policy.lower() == value.lower(),
    "StringNotEqualsIgnoreCase": lambda policy, value: policy.lower() == value.lower(),
    "StringLike": lambda policy, value: _glob(policy, value),
    "StringNotLike": lambda policy, value: _glob(policy, value),
    "Bool": lambda policy, value: policy.lower() == value.lower(),
}
_NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike"}
_MULTIVALUED_KEYS = {"dynamodb:LeadingKeys", "dynamodb:Attributes", "ses:Recipients"}


def _condition_holds(operator: str, key: str, policy_values: list[str], context: dict[str, list[str]]) -> bool:
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    present = key in context
    values = context.get(key, [])
    if base == "Null":
        return (not present) == (str(policy_values[0]).lower() == "true")
    matcher = _STRING_MATCHERS.get(base)
    if matcher is None or qualifier not in ("", "ForAllValues", "ForAnyValue"):
        raise UnsupportedPolicyError(f"condition operator {operator} is not evaluated by the emulator")
    policy_values = [str(value) for value in policy_values]
    matches = lambda value: any(matcher(policy, value) for policy in policy_values)  # noqa: E731
    if qualifier and base in _NEGATED:
        raise UnsupportedPolicyError(f"condition operator {operator} is not evaluated by the emulator")
    if qualifier == "ForAllValues":
        # True when the key is absent or empty too (the documented pitfall of ForAllValues).
        return all(matches(value) for value in values)
    if qualifier == "ForAnyValue":
        return any(matches(value) for value in values)
    if key in _MULTIVALUED_KEYS:
        raise UnsupportedPolicyError(f"{key} is multivalued: use ForAllValues or ForAnyValue with {operator}")
    if not present:
        return if_exists or base in _NEGATED
    return (not matches(values[0])) if base in _NEGATED else matches(values[0])


def _statement_applies(statement: dict[str, Any], action: str, resource: str, context: dict[str, list[str]]) -> bool:
    if "Action" in statement:
        if not any(_glob(pattern, action, ignore_case=True) for pattern in _as_list(statement["Action"])):
            return False
    elif any(_glob(pattern, action, ignore_case=True) for pattern in _as_list(statement.get("NotAction", []))):
        return False
    if "Resource" in statement:
        if not any(_glob(pattern, resource) for pattern in _as_list(statement["Resource"])):
            return False
    elif any(_glob(pattern, resource) for pattern in _as_list(statement.get("NotResource", []))):
        return False
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, policy_values in keys.items():
            if not _condition_holds(operator, key, _as_list(policy_values), context):
                return False
    return True


def _policy_documents(access_key: Any) -> list[dict[str, Any]]:
    from moto.iam.access_control import IAMPolicy

    return [IAMPolicy(policy)._policy_json for policy in access_key.collect_policies()]


def evaluate(documents: list[dict[str, Any]], action: str, resource: str, context: dict[str, list[str]]) -> str | None:
    """None when allowed, else why not (as AWS words it)."""
    statements = [statement for document in documents for statement in _as_list(document.get("Statement", []))]
    applicable = [statement for statement in statements if _statement_applies(statement, action, resource, context)]
    if any(statement.get("Effect") == "Deny" for statement in applicable):
        return f"an explicit deny in an identity-based policy denies the {action} action"
    if any(statement.get("Effect") == "Allow" for statement in applicable):
        return None
    return f"no identity-based policy allows the {action} action"


def _table_policy_documents(response: Any, resource: str) -> list[dict[str, Any]]:
    """The resource-based policy of the DynamoDB table `resource` names (an index is governed by its
    table's), as PutResourcePolicy stored it; none for other services' resources."""
    if ":dynamodb:" not in resource or ":table/" not in resource:
        return []
    from moto.dynamodb.models import dynamodb_backends

    table_arn = resource.split("/index/")[0]
    stored = dynamodb_backends[response.current_account][response.region].resource_policies.get(table_arn)
    return [json.loads(stored.policy_doc)] if stored else []


def resource_policy_denial(documents: list[dict[str, Any]], action: str, resource: str, context: dict[str, list[str]]) -> str | None:
    """IAM policy evaluation logic (IAM User Guide, "Policy evaluation logic": "an explicit deny in any
    policy overrides any allows"): why a resource-based policy's explicit Deny refuses the request, or
    None. Its Allow statements are not evaluated (within one account they could only add to what the
    identity policy allows, and no resource policy of ours allows anything): the check is never more
    lenient than AWS. A principal other than everyone is refused as unsupported, not guessed."""
    for document in documents:
        for statement in _as_list(document.get("Statement", [])):
            if statement.get("Effect") != "Deny":
                continue
            principal = statement.get("Principal")
            if principal not in ("*", {"AWS": "*"}):
                raise UnsupportedPolicyError(f"resource policy principal {principal!r} is not emulated")
            if _statement_applies(statement, action, resource, context):
                return f"an explicit deny in a resource-based policy denies the {action} action"
    return None


# ---------------------------------------------------------------------------------------------
# The hook


def _credential_scope(authorization: str) -> list[str]:
    return authorization.partition("Credential=")[2].partition(",")[0].split("/")


def _path_and_query(uri: str) -> str:
    parsed = urlparse(uri)
    return f"{parsed.path}?{parsed.query}" if parsed.query else parsed.path


def _exempt(self: Any) -> bool:
    """moto's grace count, an unsigned request (Cognito's public operations, a local tool, a CORS preflight), or the admin key."""
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return True
    authorization = self.headers.get("Authorization")
    return not authorization or _credential_scope(authorization)[0] == ADMIN_ACCESS_KEY_ID


def _authorize(self: Any, resource: str = "*") -> None:  # noqa: ARG001 (moto's "*" is replaced by our own)
    if _exempt(self):
        return
    scope = _credential_scope(self.headers["Authorization"])
    from moto.core.exceptions import InvalidClientTokenIdError, SignatureDoesNotMatchError
    from moto.iam.access_control import IAMRequest

    # moto's own identification (its errors are XML; the JSON protocols' clients read these as AWS sends them).
    try:
        request = IAMRequest(
            account_id=self.current_account,
            method=self.method,
            path=_path_and_query(self.uri),
            data=self.data,
            body=self.raw_body,
            headers=self.headers,
            action=self._get_action(),
        )
        request.check_signature()
    except InvalidClientTokenIdError:
        raise UnrecognizedClientException() from None
    except SignatureDoesNotMatchError:
        raise InvalidSignatureException() from None
    service = scope[3] if len(scope) > 3 else ""
    documents = _policy_documents(request._access_key)
    for action, arn, context in _request_contexts(self, service, self._get_action()):
        reason = evaluate(documents, action, arn, context) or resource_policy_denial(_table_policy_documents(self, arn), action, arn, context)
        if reason:
            raise AccessDeniedException(request._access_key.arn, action, arn, reason)


def install() -> None:
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _authorize
    # S3 keeps moto's own (resource-aware) check, with the same exemptions: moto's would fail an
    # unsigned request, e.g. a CORS preflight, which moto's server routes to S3.
    s3_check = ActionAuthenticatorMixin._authenticate_and_authorize_s3_action

    def authorize_s3(self: Any, bucket_name: str | None = None, key_name: str | None = None) -> None:
        if not _exempt(self):
            s3_check(self, bucket_name=bucket_name, key_name=key_name)

    ActionAuthenticatorMixin._authenticate_and_authorize_s3_action = authorize_s3
