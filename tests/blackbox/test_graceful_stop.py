"""A stop (SIGTERM: systemctl stop, restart, an upgrade) finishes what it already accepted:
a request half received, a connection whose request is still on its way, and says so to
keep-alive clients; it is not held up by connections that are idle or silent."""

import json
import signal
import socket
import time
import unittest

from harness import Daemon, cart_item, checkout, main
from test_hostile_http import WEBHOOK_HEADERS, parse_answers, request


def checkout_request(order_id, lines=None):
    """A kept-alive checkout POST as raw bytes, and where its body starts; `lines` cart lines
    instead of the reference one."""
    payload = checkout(order_id)
    if lines is not None:
        payload["cart"] = [cart_item(f"70{i:02d}", f"Line {i}", 1.00, 1) for i in range(lines)]
    body = json.dumps(payload).encode()
    data = request("POST", "/aifi/checkout", body, headers=WEBHOOK_HEADERS + "Connection: keep-alive\r\n")
    return data, len(data) - len(body)


def read_answer(sock):
    """The first HTTP answer on `sock`; fails if the daemon closes the connection before it."""
    data = b""
    while not parse_answers(data):
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"the connection closed before an answer; got {data!r}")
        data += chunk
    return parse_answers(data)[0]


class AGracefulStop(unittest.TestCase):
    def setUp(self):
        self.daemon = Daemon().start()
        self.addCleanup(self.daemon.cleanup)

    def stored_order_ids(self):
        """The orders in the database, read by the next process on the same files."""
        with Daemon(workdir=self.daemon.workdir, port=self.daemon.port) as after:
            return {event["orderId"] for event in after.all_events() if "orderId" in event}

    def test_answers_a_request_whose_connection_was_open_before_the_stop(self):
        sock = socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10)
        time.sleep(0.2)  # accepted by the daemon, nothing sent yet
        self.daemon.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        data, _ = checkout_request(901)
        sock.sendall(data)
        answer = read_answer(sock)
        self.assertEqual(answer.status, 200, answer)
        self.assertEqual(json.loads(answer.body)["externalId"], "LC-901")
        # A keep-alive client learns that this connection ends with the answer.
        self.assertEqual((answer.header("connection") or "").lower(), "close")
        self.assertEqual(sock.recv(1), b"")
        sock.close()
        self.assertEqual(self.daemon.process.wait(timeout=15), 0)
        self.assertIn(901, self.stored_order_ids())

    def send_half_then_stop_then_the_rest(self, order_id, lines=None):
        """Half a checkout's body, SIGTERM, the other half: answered 200 and stored."""
        sock = socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10)
        data, body_start = checkout_request(order_id, lines)
        half = body_start + (len(data) - body_start) // 2
        sock.sendall(data[:half])
        time.sleep(0.2)
        self.daemon.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        sock.sendall(data[half:])
        answer = read_answer(sock)
        self.assertEqual(answer.status, 200, answer)
        sock.close()
        self.assertEqual(self.daemon.process.wait(timeout=15), 0)
        self.assertIn(order_id, self.stored_order_ids())
        return len(data) - body_start

    def test_receives_stores_and_answers_a_body_that_was_half_sent(self):
        self.send_half_then_stop_then_the_rest(902)

    def test_finishes_a_large_webhook_read_off_the_http_thread(self):
        # 8 KiB and more are read on the intake threads: the stop waits for them too.
        self.assertGreater(self.send_half_then_stop_then_the_rest(903, lines=40), 8 * 1024)

    def test_is_held_up_only_briefly_by_a_connection_that_never_sends(self):
        silent = socket.create_connection(("127.0.0.1", self.daemon.port), timeout=30)
        time.sleep(0.2)
        started = time.monotonic()
        self.assertEqual(self.daemon.stop(timeout=30), 0)
        # The grace for a first request is 3 s; the drain limit (10 s) is never reached.
        self.assertLess(time.monotonic() - started, 9, self.daemon.logs())
        self.assertNotIn("closing anyway", self.daemon.logs())
        self.assertEqual(silent.recv(1), b"")
        silent.close()

    def test_closes_idle_keep_alive_connections_without_waiting(self):
        sock = socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10)
        data, _ = checkout_request(903)
        sock.sendall(data)
        answer = read_answer(sock)
        self.assertEqual(answer.status, 200, answer)
        self.assertNotEqual((answer.header("connection") or "").lower(), "close")
        silent = socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10)
        silent.close()  # a connection the client gave up on is not waited for either
        started = time.monotonic()
        self.assertEqual(self.daemon.stop(), 0)
        # Well under the 3 s a connection without its first request would hold the stop.
        self.assertLess(time.monotonic() - started, 2.5, self.daemon.logs())
        self.assertEqual(sock.recv(1), b"")
        sock.close()


if __name__ == "__main__":
    main()
