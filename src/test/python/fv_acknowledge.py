#!/usr/bin/python3
"""An independent Fachverfahren acknowledges a message: sends a receipt to hub.receipts over AMQP 1.0 (qpid-proton).

Usage: fv_acknowledge.py URL HUB_MESSAGE_ID OUTCOME [AKTENZEICHEN] [TEXT]
OUTCOME is accepted or rejected. Exits 0 once the broker has settled (accepted) the message, 2 otherwise.
"""
import sys

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Sender(MessagingHandler):
    def __init__(self, url, properties):
        super().__init__()
        self.url, self.properties = url, properties
        self.sent = False
        self.accepted = False

    def on_start(self, event):
        conn = event.container.connect(self.url)
        event.container.create_sender(conn, "hub.receipts")

    def on_sendable(self, event):
        if event.sender.credit and not self.sent:
            self.sent = True
            event.sender.send(Message(durable=True, properties=self.properties, body=None))

    def on_accepted(self, event):
        self.accepted = True
        event.connection.close()

    def on_rejected(self, event):
        event.connection.close()


def main():
    url, hub_message_id, outcome = sys.argv[1], sys.argv[2], sys.argv[3]
    properties = {"hubMessageId": hub_message_id, "outcome": outcome}
    if len(sys.argv) > 4:
        properties["aktenzeichen"] = sys.argv[4]
    if len(sys.argv) > 5:
        properties["text"] = sys.argv[5]
    sender = Sender(url, properties)
    Container(sender).run()
    sys.exit(0 if sender.accepted else 2)


if __name__ == "__main__":
    main()
