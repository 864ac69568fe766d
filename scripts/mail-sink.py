#!/usr/bin/python3
"""scripts/mail-sink.py: the local SMTP sink of `make run` and the tests.

    scripts/mail-sink.py MAILDIR PORTFILE

Listens on 127.0.0.1 (a free port, written to PORTFILE once listening)
with Debian's aiosmtpd and stores every message it accepts as one file,
MAILDIR/<time>-<n>.eml, written to a temporary name and renamed, so a
reader never sees half a message.  Nothing is relayed anywhere."""

import itertools
import os
import signal
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, maildir):
        self.maildir = maildir
        self.seq = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%06d" % (time.time() * 1000, next(self.seq))
        tmp = os.path.join(self.maildir, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(b"X-Sink-Rcpt: " + ", ".join(envelope.rcpt_tos).encode()
                    + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.maildir, name + ".eml"))
        return "250 OK stored"


def main():
    maildir, portfile = sys.argv[1], sys.argv[2]
    os.makedirs(maildir, exist_ok=True)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ctl = Controller(Store(maildir), hostname="127.0.0.1", port=port)
    ctl.start()
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    finally:
        ctl.stop()


if __name__ == "__main__":
    main()
