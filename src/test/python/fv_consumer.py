#!/usr/bin/python3
"""An independent Fachverfahren: receives messages from an xoev-hub queue over AMQP 1.0 with qpid-proton.

Usage: fv_consumer.py URL ADDRESS COUNT TIMEOUT_SECONDS [SAVE_DIR]
Prints one JSON line per message: its application properties and the SHA-256 of its body. With SAVE_DIR, each
body is also written to SAVE_DIR/<hubMessageId>.p7m, e.g. for openssl cms -decrypt.
Exits 0 when COUNT messages were received, 2 on timeout.
With the environment variable FV_ACKNOWLEDGE=N, it also acknowledges each message N times on hub.receipts (outcome
accepted, by hubMessageId), as a Fachverfahren whose receipt may be sent twice, and waits until the broker has
accepted every receipt before it ends.
"""
import hashlib
import json
import os
import sys

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Consumer(MessagingHandler):
    def __init__(self, url, address, count, timeout, save_dir=None):
        super().__init__()
        self.url, self.address, self.count, self.timeout = url, address, count, timeout
        self.save_dir = save_dir
        self.received = 0
        self.timed_out = False
        self.acknowledge = int(os.environ.get("FV_ACKNOWLEDGE", "0"))
        self.receipts = None
        self.unsettled = 0
        self.grace = 30

    def on_start(self, event):
        conn = event.container.connect(self.url)
        event.container.create_receiver(conn, self.address)
        if self.acknowledge:
            self.receipts = event.container.create_sender(conn, "hub.receipts")
        self.timer = event.container.schedule(self.timeout, self)

    def on_timer_task(self, event):
        if self.unsettled and self.grace > 0:
            self.grace -= 1
            self.timer = event.container.schedule(1, self)
            return
        self.timed_out = True
        event.container.stop()

    def on_accepted(self, event):
        self.unsettled -= 1

    def on_rejected(self, event):
        self.unsettled -= 1
        print(json.dumps({"receiptRejected": str(event.delivery.remote_state)}), file=sys.stderr, flush=True)

    def on_message(self, event):
        body = event.message.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif body is None:
            body = b""
        else:
            body = bytes(body)
        props = {k: (v if isinstance(v, (str, int, float, bool)) else str(v))
                 for k, v in (event.message.properties or {}).items()}
        if self.save_dir:
            name = os.path.basename(str(props.get("hubMessageId", self.received))) + ".p7m"
            with open(os.path.join(self.save_dir, name), "wb") as f:
                f.write(body)
        print(json.dumps({"properties": props, "bodySha256": hashlib.sha256(body).hexdigest()}), flush=True)
        for _ in range(self.acknowledge):
            self.receipts.send(Message(durable=True, body=None,
                                       properties={"hubMessageId": props.get("hubMessageId"), "outcome": "accepted"}))
            self.unsettled += 1
        self.received += 1
        if self.received >= self.count and not self.unsettled:
            self.timer.cancel()
            event.connection.close()


def main():
    url, address, count, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    save_dir = sys.argv[5] if len(sys.argv) > 5 else None
    consumer = Consumer(url, address, count, timeout, save_dir)
    Container(consumer).run()
    sys.exit(2 if consumer.received < count else 0)


if __name__ == "__main__":
    main()
