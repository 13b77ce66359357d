"""
Cognito's SRP-6a (the USER_SRP_AUTH flow), server side, so a browser client (Amplify Auth) proves
the password without sending it and a wrong password is refused. moto 5.2.1 answers USER_SRP_AUTH
with a random SRP_B and accepts any PASSWORD_VERIFIER signature.

InitiateAuth, "USER_SRP_AUTH" and RespondToAuthChallenge, "PASSWORD_VERIFIER"
(API_InitiateAuth.html, API_RespondToAuthChallenge.html; Developer Guide, "Authentication flows",
SRP). Cognito's parameters, as its client libraries implement them: the 3072-bit group of RFC 5054
with g = 2, SHA-256, k = H(N | g), x = H(salt | H(poolName + userIdForSrp + ":" + password)) with
poolName the pool id without its region, u = H(A | B), the key = HKDF(S, salt = u, info "Caldera
Derived Key") cut to 16 bytes, and the signature = HMAC-SHA256(key, poolName + userIdForSrp +
secretBlock + timestamp). Numbers are hashed as their "padded hex" (even length, a leading 00 when
the top bit is set). moto keeps the plaintext password, so the verifier v = g^x is derived per sign-in.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2
HKDF_INFO = b"Caldera Derived Key"


def pad_hex(value: int) -> str:
    text = format(value, "x")
    if len(text) % 2:
        return "0" + text
    return "00" + text if text[0] in "89abcdef" else text


def hash_hex(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(hash_hex(pad_hex(N) + pad_hex(G)), 16)


def pool_name(user_pool_id: str) -> str:
    return user_pool_id.split("_", 1)[1]


def password_exponent(user_pool_id: str, user_id_for_srp: str, password: str, salt: int) -> int:
    inner = hashlib.sha256(f"{pool_name(user_pool_id)}{user_id_for_srp}:{password}".encode("utf-8")).hexdigest()
    return int(hash_hex(pad_hex(salt) + inner), 16)


def scrambler(a_value: int, b_value: int) -> int:
    return int(hash_hex(pad_hex(a_value) + pad_hex(b_value)), 16)


def hkdf(ikm: bytes, salt: bytes) -> bytes:
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, HKDF_INFO + b"\x01", hashlib.sha256).digest()[:16]


def signature(key: bytes, user_pool_id: str, user_id_for_srp: str, secret_block: str, timestamp: str) -> str:
    message = pool_name(user_pool_id).encode("utf-8") + user_id_for_srp.encode("utf-8") + base64.b64decode(secret_block) + timestamp.encode("utf-8")
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode("ascii")


@dataclass
class Exchange:
    """The server's half of one SRP exchange, kept between InitiateAuth and RespondToAuthChallenge."""

    user_pool_id: str
    user_id_for_srp: str
    a_value: int
    salt: int
    verifier: int
    b_secret: int
    b_value: int
    secret_block: str

    def challenge_parameters(self) -> dict[str, str]:
        return {
            "SALT": format(self.salt, "x"),
            "SRP_B": format(self.b_value, "x"),
            "SECRET_BLOCK": self.secret_block,
            "USER_ID_FOR_SRP": self.user_id_for_srp,
            "USERNAME": self.user_id_for_srp,
        }

    def expected_signature(self, timestamp: str) -> str | None:
        u = scrambler(self.a_value, self.b_value)
        if u == 0:
            return None
        shared = pow(self.a_value * pow(self.verifier, u, N), self.b_secret, N)
        key = hkdf(bytes.fromhex(pad_hex(shared)), bytes.fromhex(pad_hex(u)))
        return signature(key, self.user_pool_id, self.user_id_for_srp, self.secret_block, timestamp)

    def verify(self, secret_block: str | None, timestamp: str | None, claimed: str | None) -> bool:
        if secret_block != self.secret_block or not timestamp or not claimed:
            return False
        expected = self.expected_signature(timestamp)
        return expected is not None and hmac.compare_digest(expected, claimed)


def start(user_pool_id: str, user_id_for_srp: str, password: str | None, a_hex: str) -> Exchange | None:
    """The server's B for the client's A; None when A is not a valid public value (A mod N = 0).

    `password` None (no such user) still yields a well-formed challenge that no signature satisfies.
    """
    try:
        a_value = int(a_hex, 16)
    except ValueError:
        return None
    if a_value % N == 0:
        return None
    salt = int.from_bytes(secrets.token_bytes(16), "big")
    verifier = pow(G, password_exponent(user_pool_id, user_id_for_srp, password, salt), N) if password is not None else secrets.randbelow(N)
    b_secret = secrets.randbelow(N - 1) + 1
    b_value = (K * verifier + pow(G, b_secret, N)) % N
    secret_block = base64.b64encode(secrets.token_bytes(64)).decode("ascii")
    return Exchange(user_pool_id, user_id_for_srp, a_value, salt, verifier, b_secret, b_value, secret_block)
