"""Connection limits, the per-request deadline, and a full disk, against the real daemon."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from harness import TOKEN, Daemon, checkout, main, small_tmpfs


class ATricklingClient(unittest.TestCase):
    def test_is_cut_off_at_the_request_deadline_however_slowly_it_sends(self):
        args = ["--set", "http.request_deadline_s=2", "--set", "http.connection_timeout_s=30"]
        with Daemon(extra_args=args) as daemon:
            sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
            request = (f"POST /aifi/checkout HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                       "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n").encode()
            started = time.monotonic()
            closed_after = None
            for i in range(200):  # one byte every 100 ms: never idle long enough for the timeout
                try:
                    sock.sendall(request[i:i + 1] if i < len(request) else b" ")
                    sock.settimeout(0.1)
                    if sock.recv(1024) == b"":
                        closed_after = time.monotonic() - started
                        break
                except socket.timeout:
                    continue
                except OSError:
                    closed_after = time.monotonic() - started
                    break
            sock.close()
            self.assertIsNotNone(closed_after, "the trickling connection was never closed")
            self.assertLess(closed_after, 6)
            self.assertGreater(closed_after, 1.5)
            self.assertEqual(daemon.post("/aifi/checkout", checkout(1)).status, 200)
            self.assertIn("deadline", daemon.logs())


class ManyConnectionsFromOneAddress(unittest.TestCase):
    def test_beyond_the_per_address_limit_are_refused_and_the_rest_still_served(self):
        with Daemon(extra_args=["--set", "http.max_connections_per_ip=8"]) as daemon:
            time.sleep(0.3)  # the readiness probe's connection is gone
            held, served, refused = [], 0, 0
            try:
                for _ in range(12):  # each kept open with a kept-alive request answered or not
                    s = socket.create_connection(("127.0.0.1", daemon.port), timeout=5)
                    held.append(s)
                    try:
                        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                        answer = s.recv(65536)
                    except OSError:
                        answer = b""
                    if answer.startswith(b"HTTP/1.1 200"):
                        served += 1
                    else:
                        refused += 1
            finally:
                for s in held:
                    s.close()
            self.assertLessEqual(served, 8)
            self.assertGreaterEqual(served, 7, "connections under the limit were refused")
            self.assertGreaterEqual(refused, 4)
            time.sleep(0.3)
            self.assertEqual(daemon.request("GET", "/healthz").status, 200)


class AFullDisk(unittest.TestCase):
    def setUp(self):
        self.mount = small_tmpfs(self, "3m", "lanecast-full-")

    def test_answers_503_with_retry_after_loses_nothing_and_recovers_by_itself(self):
        workdir = tempfile.mkdtemp(prefix="lanecast-full-work-")
        daemon = Daemon(workdir=workdir)
        daemon.db_path = os.path.join(self.mount, "lanecast.db")
        daemon.start()
        try:
            acknowledged, refused, refused_order = [], None, None
            for order_id in range(1, 5000):
                r = daemon.post("/aifi/checkout", checkout(order_id))
                if r.status == 200:
                    acknowledged.append(order_id)
                    continue
                refused, refused_order = r, order_id
                break
            self.assertIsNotNone(refused, "the disk never filled")
            self.assertEqual(refused.status, 503, refused)
            self.assertEqual(refused.json()["error"], "storage_unavailable")
            self.assertTrue(refused.header("Retry-After"))
            self.assertEqual(daemon.request("GET", "/healthz").json()["status"], "degraded")
            self.assertGreater(len(acknowledged), 10)

            # Space returns (here: the filesystem grows): service resumes without a restart.
            subprocess.run(["mount", "-o", "remount,size=64m", self.mount], check=True)
            deadline = time.monotonic() + 10
            while daemon.post("/aifi/checkout", checkout(900000)).status != 200:
                self.assertLess(time.monotonic(), deadline, daemon.logs()[-2000:])
                time.sleep(0.2)
            stored = {e["orderId"] for e in daemon.all_events() if e["kind"] == "checkout"}
            self.assertEqual(sorted(set(acknowledged) - stored), [])
            self.assertNotIn(refused_order, stored)  # a 503 stored nothing
            self.assertEqual(daemon.request("GET", "/healthz").json()["status"], "ok")
        finally:
            daemon.cleanup()
            shutil.rmtree(workdir, ignore_errors=True)
        check = subprocess.run(["sqlite3", os.path.join(self.mount, "lanecast.db"), "PRAGMA integrity_check"],
                               capture_output=True, text=True)
        self.assertEqual(check.stdout.strip(), "ok", check.stderr)


if __name__ == "__main__":
    main()
