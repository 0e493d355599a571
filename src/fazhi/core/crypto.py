"""Encryption at rest of sensitive personal fields, blind indexes, masks and SM3 digests.

Stored form: "<cipher>:<base64(nonce ‖ ciphertext ‖ tag)>", where cipher is "sm4" (SM4-GCM,
GB/T 32907) or "aes" (AES-256-GCM). The cipher used for new values is FAZHI_FIELD_CIPHER; any
stored value decrypts by its own prefix, so switching the setting needs no migration.
"""

import base64
import functools
import os
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

_NONCE_BYTES = 12
_TAG_BYTES = 16
_KEY_BYTES = {"sm4": 16, "aes": 32}


def sm3_hexdigest(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


@functools.cache
def _derived_key(cipher: str, material: str) -> bytes:
    if not material:
        raise ImproperlyConfigured(
            "FAZHI_FIELD_KEY is not set: sensitive fields cannot be encrypted."
        )
    return HKDF(
        algorithm=hashes.SHA256(),
        length=_KEY_BYTES[cipher],
        salt=None,
        info=b"fazhi-field-" + cipher.encode(),
    ).derive(material.encode())


def _algorithm(cipher: str) -> algorithms.SM4 | algorithms.AES:
    key = _derived_key(cipher, settings.FIELD_ENCRYPTION_KEY)
    if cipher == "sm4":
        return algorithms.SM4(key)
    if cipher == "aes":
        return algorithms.AES(key)
    raise ImproperlyConfigured(f"FAZHI_FIELD_CIPHER must be sm4 or aes, not {cipher!r}.")


def encrypt_text(plaintext: str) -> str:
    cipher = settings.FIELD_CIPHER
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(_algorithm(cipher), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return f"{cipher}:" + base64.b64encode(nonce + body + encryptor.tag).decode()


def decrypt_text(stored: str) -> str:
    cipher, _, payload = stored.partition(":")
    raw = base64.b64decode(payload)
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    decryptor = Cipher(_algorithm(cipher), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode()


def blind_index(value: str) -> str:
    """Keyed hash (HMAC-SM3) of a normalised value, for exact-match search without decrypting."""
    key = settings.FIELD_INDEX_KEY
    if not key:
        raise ImproperlyConfigured(
            "FAZHI_INDEX_KEY is not set: sensitive fields cannot be indexed."
        )
    mac = hmac.HMAC(key.encode(), hashes.SM3())
    mac.update(value.strip().upper().encode())
    return mac.finalize().hex()


def mask_id_number(value: str) -> str:
    """371082********1234: region code and last four kept (PIPL art. 28 sensitive data)."""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "****" + value[-4:]


def mask_address(value: str) -> str:
    return value[:6] + "****" if value else ""


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; Python code sees the plaintext."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt_text(str(value))
