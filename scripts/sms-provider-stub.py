#!/usr/bin/env python3
"""A stand-in for the QTSP's SMS provider, for the end-to-end run of the gateway's HTTP message sink (outside the
system, so a stub is allowed): it accepts POSTs of JSON messages with the agreed Bearer key, 401 without it, and appends
each message to a JSON-lines file, adding the one-time code read from its text (the dev outbox's format, so the CSC
flow script reads codes from it as from the outbox). Binds to 127.0.0.1 only.
Usage: scripts/sms-provider-stub.py PORT FILE API_KEY"""
import http.server
import json
import re
import sys

PORT, FILE, API_KEY = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Provider(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        if self.headers.get("Authorization") != "Bearer " + API_KEY:
            self.send_response(401)
            self.end_headers()
            return
        message = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        found = re.search(r"\b(\d{6,8})\b", message.get("text", ""))
        if found:
            message["code"] = found.group(1)
        with open(FILE, "a", encoding="utf-8") as out:
            out.write(json.dumps(message) + "\n")
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Provider).serve_forever()
