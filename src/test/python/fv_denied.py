#!/usr/bin/python3
"""Checks the broker's access control as a Fachverfahren sees it: tries to receive from ADDRESS over AMQP 1.0 with
qpid-proton and reports whether the broker refused the link.

Usage: fv_denied.py URL ADDRESS [send]
With "send", it tries to attach a sender instead (and sends nothing). Prints "refused: <condition>" and exits 0 when the broker refused (e.g. amqp:unauthorized-access); prints
"allowed" and exits 1 when the receiver attached.
"""
import sys

from proton.handlers import MessagingHandler
from proton.reactor import Container


class Probe(MessagingHandler):
    def __init__(self, url, address, send):
        super().__init__(auto_accept=False, prefetch=0)
        self.url, self.address, self.send = url, address, send
        self.outcome = None

    def on_start(self, event):
        conn = event.container.connect(self.url)
        if self.send:
            event.container.create_sender(conn, self.address)
        else:
            event.container.create_receiver(conn, self.address)
        event.container.schedule(10, self)

    def on_link_opened(self, event):
        terminus = event.link.remote_target if self.send else event.link.remote_source
        if terminus.address and self.outcome is None:
            self.outcome = "allowed"
            event.connection.close()

    def on_link_error(self, event):
        self.outcome = "refused: " + str(event.link.remote_condition.name if event.link.remote_condition else "?")
        event.connection.close()

    def on_connection_error(self, event):
        if self.outcome is None:
            cond = event.connection.remote_condition
            self.outcome = "refused: " + str(cond.name if cond else "?")

    def on_transport_error(self, event):
        if self.outcome is None:
            cond = event.transport.condition
            self.outcome = "refused: " + str(cond.name if cond else "transport error")

    def on_timer_task(self, event):
        if self.outcome is None:
            self.outcome = "timeout"
        event.container.stop()


probe = Probe(sys.argv[1], sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "send")
Container(probe).run()
print(probe.outcome)
sys.exit(0 if probe.outcome and probe.outcome.startswith("refused") else 1)
