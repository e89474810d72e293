"""Resource exhaustion from the store's network, against the real daemon: bodies sent where
none is taken, the memory all bodies may hold together, event stream slots per address and
for the kiosk, dead streams, snapshots over the stream backlog cap, idle connections piling
up in front of webhooks, and clients opening and dropping streams in a loop.

Each test measures what a client on the LAN can make the daemon spend, and prints the
numbers it saw (RSS, latencies), so a regression shows as a number, not only a failure."""

import contextlib
import json
import socket
import statistics
import threading
import time
import unittest

from harness import TOKEN, Daemon, cart_item, checkout, main, zone_event
from sse import EventStreamClient
from test_hostile_http import exchange, parse_answers, request

MiB = 1024 * 1024


def rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def wait_until(condition, timeout, message):
    """Polls `condition` until it is true; fails with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


class RssSampler:
    """Samples a process's RSS every few milliseconds on a thread of its own; peak in KiB."""

    def __init__(self, pid):
        self.pid, self.peak, self.stopped = pid, rss_kib(pid), threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stopped.is_set():
            with contextlib.suppress(OSError, AssertionError):
                self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.01)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


def connect_from(port, source="127.0.0.1", timeout=10):
    """A connection to the daemon from `source`, any address of 127.0.0.0/8."""
    return socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))


def send_flood(port, count, head, body_bytes):
    """`count` connections at once, each sending `head` and then `body_bytes` of body as fast
    as the daemon takes them; returns once every one has finished or been cut off."""
    chunk = b"x" * (256 * 1024)

    def one():
        with contextlib.suppress(OSError):
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                s.sendall(head)
                sent = 0
                while sent < body_bytes:
                    piece = chunk[:min(len(chunk), body_bytes - sent)]
                    s.sendall(piece)
                    sent += len(piece)
                s.settimeout(10)
                while s.recv(65536):
                    pass

    threads = [threading.Thread(target=one) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)


class BodiesNobodyAskedFor(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon().start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def test_a_body_on_a_route_that_takes_none_is_refused_before_it_is_sent(self):
        cases = [
            ("GET /healthz, 4 MB declared", "GET", "/healthz", "Content-Length: 4000000\r\n"),
            ("GET /api/lanes, 2 KiB declared", "GET", "/api/lanes", "Content-Length: 2048\r\n"),
            ("GET /healthz, chunked", "GET", "/healthz", "Transfer-Encoding: chunked\r\n"),
            ("POST ack, 4 MB declared", "POST", "/api/alerts/1/ack",
             "Content-Type: application/json\r\nContent-Length: 4000000\r\n"),
        ]
        for label, method, path, framing in cases:
            with self.subTest(label):
                head = f"{method} {path} HTTP/1.1\r\nHost: lanecast\r\n{framing}\r\n".encode()
                started = time.monotonic()
                # Only the headers are sent: the answer must come without the body.
                answers, closed = exchange(self.daemon.port, head, linger=3, expect=1)
                self.assertEqual(len(answers), 1, f"{label}: no answer before the body was sent")
                self.assertLess(time.monotonic() - started, 2.5)
                answer = answers[0]
                self.assertEqual(answer.status, 413, answer)
                self.assertEqual(json.loads(answer.body)["error"], "body_not_allowed", answer)
                self.assertIn(path, json.loads(answer.body)["detail"])
                self.assertEqual(answer.header("connection"), "close", answer)
        self.assertEqual(self.daemon.request("GET", "/healthz").status, 200)

    def test_a_browser_post_of_an_empty_object_is_still_accepted_where_no_body_is_taken(self):
        answer = self.daemon.request("POST", "/api/alerts/999/ack", body="{}",
                                     headers={"Content-Type": "application/json"})
        self.assertEqual(answer.status, 404, answer)  # no such alert: the body was not the problem
        self.assertEqual(answer.json()["error"], "alert_not_found")

    def test_150_connections_sending_4_mb_to_healthz_leave_memory_where_it_was(self):
        pid = self.daemon.process.pid
        for _ in range(3):
            self.daemon.request("GET", "/healthz")
        idle = rss_kib(pid)
        head = b"GET /healthz HTTP/1.1\r\nHost: lanecast\r\nContent-Length: 4000000\r\n\r\n"
        with RssSampler(pid) as sampler:
            send_flood(self.daemon.port, 150, head, 4_000_000)
            wait_until(lambda: self.daemon.get_json("/healthz")["http"]["openConnections"] <= 1, 30,
                       "the flood's connections stay open")
        after = rss_kib(pid)
        print(f"\nbody flood on GET /healthz: RSS idle {idle} KiB, peak {sampler.peak} KiB, "
              f"after {after} KiB")
        self.assertLess(sampler.peak - idle, 8 * 1024, "bodies nobody asked for were buffered")
        self.assertLess(after - idle, 4 * 1024)
        self.assertEqual(self.daemon.request("GET", "/healthz").status, 200)


class AllBodiesTogether(unittest.TestCase):
    BUDGET = 8 * MiB

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", "http.max_body_bytes=4M",
                                        "--set", f"http.max_body_bytes_total={cls.BUDGET}"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def webhook_head(self, length):
        return (f"POST /aifi/checkout HTTP/1.1\r\nHost: lanecast\r\nAuthorization: Bearer {TOKEN}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n").encode()

    def test_a_body_that_does_not_fit_beside_those_being_received_is_refused_with_503(self):
        held = [socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10) for _ in range(2)]
        try:
            for s in held:  # two bodies of 4 MiB being received fill the 8 MiB
                s.sendall(self.webhook_head(4 * MiB) + b"{")
            time.sleep(0.3)
            answers, closed = exchange(self.daemon.port, self.webhook_head(1000), linger=3, expect=1)
            self.assertEqual(len(answers), 1, "no answer for the body that does not fit")
            self.assertEqual(answers[0].status, 503, answers[0])
            self.assertEqual(json.loads(answers[0].body)["error"], "server_busy")
            self.assertIsNotNone(answers[0].header("retry-after"))
            self.assertEqual(answers[0].header("connection"), "close")
        finally:
            for s in held:
                s.close()
        # Once the held bodies are gone their memory is free for the next webhook.
        body = json.dumps(checkout(880_001)).encode()
        wait_until(lambda: self.daemon.post("/aifi/checkout", body).status == 200, 10,
                   "webhooks stay refused after the held bodies went away")

    def test_a_burst_of_large_bodies_is_bounded_while_it_lasts_and_returned_after(self):
        pid = self.daemon.process.pid
        idle = rss_kib(pid)
        with RssSampler(pid) as sampler:
            send_flood(self.daemon.port, 40, self.webhook_head(4_000_000), 4_000_000)
            wait_until(lambda: self.daemon.get_json("/healthz")["http"]["openConnections"] <= 1, 30,
                       "the burst's connections stay open")
        after = wait_until(lambda: (lambda rss: rss if rss - idle < 4 * 1024 else None)(rss_kib(pid)),
                           10, f"RSS stays at {rss_kib(pid)} KiB after the burst (idle {idle} KiB)")
        print(f"\n40 x 4 MB webhook bodies, budget {self.BUDGET // MiB} MiB: RSS idle {idle} KiB, "
              f"peak {sampler.peak} KiB, after {after} KiB")
        self.assertLess(sampler.peak - idle, self.BUDGET // 1024 + 8 * 1024)
        self.assertEqual(self.daemon.request("GET", "/healthz").status, 200)


if __name__ == "__main__":
    main()
