"""A minimal server-sent events client over a raw socket, for the black-box tests."""

import json
import socket
import time


class EventStreamClient:
    def __init__(self, port, path, headers=None, timeout=10, tls=None, source="127.0.0.1"):
        # `source`: the client's own address, any of 127.0.0.0/8, as limits per address see it.
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
        if tls is not None:  # an ssl.SSLContext: the stream runs over HTTPS
            self.sock = tls.wrap_socket(self.sock, server_hostname="127.0.0.1")
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: text/event-stream"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        head = self._read_until(b"\r\n\r\n")
        self.status = int(head.split(b" ")[1])
        self.headers = head.decode("latin-1")
        self.chunked = b"transfer-encoding: chunked" in head.lower()
        self.text = ""
        self._decode()  # the first events may have arrived with the headers

    def _read_until(self, marker):
        while marker not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("stream closed")
            self.buffer += data
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("stream closed")
        self.buffer += data
        self._decode()

    def _decode(self):
        if not self.chunked:
            self.text += self.buffer.decode()
            self.buffer = b""
            return
        while True:  # decode whole chunks only
            size_line, sep, rest = self.buffer.partition(b"\r\n")
            if not sep:
                return
            size = int(size_line.split(b";")[0], 16)
            if len(rest) < size + 2:
                return
            self.text += rest[:size].decode()
            self.buffer = rest[size + 2:]
            if size == 0:
                return

    def next_event(self, timeout=10):
        """The next event as (id, type, data-as-JSON); comments (heartbeats) are skipped."""
        deadline = time.monotonic() + timeout
        while True:
            while "\n\n" in self.text:
                block, _, self.text = self.text.partition("\n\n")
                fields = {}
                for line in block.split("\n"):
                    if line.startswith(":") or not line:
                        continue
                    key, _, value = line.partition(": ")
                    fields[key] = value
                if "data" in fields:
                    return int(fields.get("id", 0)), fields.get("event"), json.loads(fields["data"])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no event; got so far {self.text!r}")
            self.sock.settimeout(remaining)
            self._fill()

    def wait_for(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            event = self.next_event(max(0.1, deadline - time.monotonic()))
            seen.append(event)
            if predicate(event):
                return event
        raise AssertionError(f"no matching event among {seen}")

    def close(self):
        self.sock.close()
