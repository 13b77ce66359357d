"""
Makes moto's Cognito answer like Amazon Cognito where this project depends on it.

Loaded by local/moto-server.ts in moto's own process, before ``moto.server.main()``: ``install()``
patches moto's Cognito backend and response dispatch (cognito.py, srp.py, totp.py), makes DynamoDB
transactions cost the same however full the table is (dynamodb.py), hooks SES's send
path into the outbox (outbox.py), and serves the outbox and request statistics from moto's own HTTP
server (endpoints.py), and checks IAM with resources and conditions, so each function's calls are
held to its own role's policy (iam.py). Nothing here reads or dumps moto's whole state, so every request costs what
moto's own handling costs.

Every behaviour cites the Cognito API reference section it follows
(https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_<Operation>.html).
The patches are written against one moto release; install() refuses any other.
"""

import importlib.metadata

from . import cognito, dynamodb, endpoints, iam, outbox

MOTO_VERSION = "5.2.1"


def install() -> None:
    installed = importlib.metadata.version("moto")
    if installed != MOTO_VERSION:
        raise RuntimeError(f"local/moto_plugin is written against moto {MOTO_VERSION}, found {installed}")
    cognito.install()
    dynamodb.install()
    outbox.install()
    endpoints.install()
    iam.install()
