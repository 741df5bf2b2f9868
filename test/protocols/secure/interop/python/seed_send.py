"""Sends one a2a-secure message exactly as seed 000 prints it: its encrypt() and a urllib POST.

Usage: seed_send.py URL SECRET KEY_FILE MESSAGE TRACE_ID (plain|encrypted)

Debian's python3-pycryptodome installs the module as Cryptodome; the seed imports Crypto.
"""
import base64
import json
import os
import sys
import urllib.request

try:
    from Crypto.Cipher import AES
except ImportError:
    from Cryptodome.Cipher import AES

url, secret, key_path, message, trace_id, mode = sys.argv[1:7]

# --- from the seed ("Python Encrypt/Decrypt") ---
key = bytes.fromhex(open(key_path).read().strip())


def encrypt(plaintext: str) -> dict:
    nonce = os.urandom(12)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ct, tag = cipher.encrypt_and_digest(plaintext.encode())
    return {
        'encrypted': True,
        'nonce': base64.b64encode(nonce).decode(),
        'ciphertext': base64.b64encode(ct).decode(),
        'tag': base64.b64encode(tag).decode(),
    }
# --- end of seed code ---


# The reference client's payload (reference/send.py): schema 2.4, trace id, sender, wake.
payload = {"schema_version": "2.4", "trace_id": trace_id, "sender": "PythonAgent", "wake": True}
if mode == "encrypted":
    payload.update(encrypt(message))
else:
    payload["message"] = message

request = urllib.request.Request(
    url,
    data=json.dumps(payload).encode(),
    headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    method="POST",
)
with urllib.request.urlopen(request, timeout=15) as response:
    print(json.dumps({"status": response.status, "body": json.loads(response.read().decode())}))
