"""A small a2a-secure receiver written from seed 000: Bearer check, the seed's decrypt(), the reference response.

Usage: seed_server.py SECRET KEY_FILE LOG_FILE   (prints "PORT <n>" once listening on 127.0.0.1)
Each received message is appended to LOG_FILE as one JSON line with the decrypted text.
Debian's python3-pycryptodome installs the module as Cryptodome; the seed imports Crypto.
"""
import base64
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

try:
    from Crypto.Cipher import AES
except ImportError:
    from Cryptodome.Cipher import AES

secret, key_path, log_path = sys.argv[1:4]
key = bytes.fromhex(open(key_path).read().strip())


# --- from the seed ("Python Encrypt/Decrypt") ---
def decrypt(payload: dict) -> str:
    nonce = base64.b64decode(payload['nonce'])
    ct = base64.b64decode(payload['ciphertext'])
    tag = base64.b64decode(payload['tag'])
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    return cipher.decrypt_and_verify(ct, tag).decode()
# --- end of seed code ---


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.headers.get("Authorization") != f"Bearer {secret}":
            return self.reply(401, {"error": "Unauthorized"})
        # Like the reference server: exactly Content-Length bytes (a chunked body would read as empty).
        length = int(self.headers.get("Content-Length", 0))
        data = json.loads(self.rfile.read(length).decode("utf-8", errors="replace"))
        text = decrypt(data) if data.get("encrypted") else data.get("message")
        with open(log_path, "a") as log:
            log.write(json.dumps({
                "text": text,
                "encrypted": bool(data.get("encrypted")),
                "trace_id": data.get("trace_id"),
                "idempotency_key": data.get("idempotency_key"),
                "sender": data.get("sender"),
                "schema_version": data.get("schema_version"),
                "wake": data.get("wake"),
            }) + "\n")
        self.reply(200, {"status": "OK", "from": "PythonPeer", "wake": bool(data.get("wake")), "version": "2.5",
                         "schema_version": "2.4", "trace_id": data.get("trace_id")})


server = HTTPServer(("127.0.0.1", 0), Handler)
print(f"PORT {server.server_address[1]}", flush=True)
server.serve_forever()
