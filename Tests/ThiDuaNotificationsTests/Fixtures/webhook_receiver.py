"""A test HTTP receiver on 127.0.0.1 that checks X-ThiDua-Signature.

    WEBHOOK_KEY=... python3 webhook_receiver.py DIRECTORY

Writes its port to DIRECTORY/port; each POST goes to DIRECTORY/requests/NNNN.json with its
headers, body and whether the HMAC-SHA256 signature matched. Answers 204 when it matched, 401
when not, 500 while a file DIRECTORY/fail exists. It stops by itself after 300 seconds.
"""
import hashlib
import hmac
import json
import os
import sys

# The tests start this server without Foundation's Process; descriptors of other commands that it
# may still have inherited are closed, so that nothing waits for this server to end.
os.closerange(3, 65536)
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

directory = sys.argv[1]
os.makedirs(os.path.join(directory, "requests"), exist_ok=True)
key = os.environ["WEBHOOK_KEY"].encode()
lock = threading.Lock()
count = [0]


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        verified = hmac.compare_digest(expected, self.headers.get("X-ThiDua-Signature", ""))
        failing = os.path.exists(os.path.join(directory, "fail"))
        if not failing:
            with lock:
                count[0] += 1
                path = os.path.join(directory, "requests", "%04d.json" % count[0])
                with open(path + ".tmp", "w", encoding="utf-8") as handle:
                    json.dump({"headers": dict(self.headers), "body": body.decode("utf-8"), "verified": verified},
                              handle, ensure_ascii=False)
                os.rename(path + ".tmp", path)
        self.send_response(500 if failing else 204 if verified else 401)
        self.end_headers()
        if failing or not verified:
            self.wfile.write(b"signature mismatch" if not verified else b"failing on purpose")

    def log_message(self, *arguments):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
with open(os.path.join(directory, "port.tmp"), "w") as handle:
    handle.write(str(server.server_address[1]))
os.rename(os.path.join(directory, "port.tmp"), os.path.join(directory, "port"))
threading.Timer(300, server.shutdown).start()
server.serve_forever()
