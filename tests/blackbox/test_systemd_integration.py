"""The daemon as systemd sees it: notify socket, socket activation, reload and stop."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import LANECASTD, TOKEN, Daemon, checkout, free_port, main, wait_until


class NotifySocket:
    def __init__(self, directory):
        self.path = os.path.join(directory, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.2)
        self.messages = []

    def wait_for(self, key, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if key in message.split("\n"):
                    return message
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except socket.timeout:
                pass
        raise AssertionError(f"no {key} among {self.messages}")

    def close(self):
        self.sock.close()


class TheServiceManager(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="lanecast-systemd-")
        self.notify = NotifySocket(self.workdir)

    def tearDown(self):
        self.notify.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def test_hears_ready_only_once_the_daemon_answers_then_reloading_and_stopping(self):
        daemon = Daemon(workdir=self.workdir, env={"NOTIFY_SOCKET": self.notify.path})
        daemon.start(wait=False)
        try:
            ready = self.notify.wait_for("READY=1")
            self.assertIn("STATUS=", ready)
            # READY=1 promises a listener and a database: the first request must succeed.
            self.assertEqual(daemon.post("/aifi/checkout", checkout(1)).status, 200)
            daemon.process.send_signal(signal.SIGHUP)
            self.notify.wait_for("RELOADING=1")
            self.notify.messages.clear()
            self.notify.wait_for("READY=1")
            self.assertEqual(daemon.stop(), 0)
            self.notify.wait_for("STOPPING=1")
        finally:
            daemon.cleanup()

    def test_is_pinged_by_the_watchdog_while_the_daemon_works(self):
        daemon = Daemon(workdir=self.workdir,
                        env={"NOTIFY_SOCKET": self.notify.path, "WATCHDOG_USEC": "400000"})
        daemon.start(wait=False)
        try:
            self.notify.wait_for("READY=1")
            pings_before = sum(m == "WATCHDOG=1" for m in self.notify.messages)
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                try:
                    self.notify.messages.append(self.notify.sock.recv(4096).decode())
                except socket.timeout:
                    pass
            pings = sum(m == "WATCHDOG=1" for m in self.notify.messages) - pings_before
            # At least twice per 400 ms interval: 3 s give 15; allow for a loaded machine.
            self.assertGreaterEqual(pings, 6, self.notify.messages)
        finally:
            daemon.cleanup()

    def test_can_hand_over_the_listening_socket(self):
        port = free_port()
        db = os.path.join(self.workdir, "lanecast.db")
        activator = subprocess.Popen(
            ["systemd-socket-activate", "-l", f"127.0.0.1:{port}",
             "-E", f"NOTIFY_SOCKET={self.notify.path}",
             LANECASTD, "--config-dir", self.workdir, "--set", "http.listen=127.0.0.1:1",
             "--set", f"storage.path={db}", "--set", f"auth.tokens={TOKEN}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            time.sleep(0.3)  # systemd-socket-activate is listening; the daemon starts on first connect
            probe = Daemon(workdir=self.workdir, port=port)
            deadline = time.monotonic() + 15
            while True:
                try:
                    r = probe.post("/aifi/checkout", checkout(77))
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["externalId"], "LC-77")
            self.assertIn(f"127.0.0.1:{port}", self.notify.wait_for("READY=1"))
        finally:
            activator.send_signal(signal.SIGTERM)
            try:
                _, err = activator.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                activator.kill()
                _, err = activator.communicate()
        self.assertIn(b"socket activation", err)


class ATokenRotation(unittest.TestCase):
    def test_takes_effect_on_sighup_without_a_restart(self):
        workdir = tempfile.mkdtemp(prefix="lanecast-rotate-")
        token_file = os.path.join(workdir, "tokens")
        with open(token_file, "w") as f:
            f.write("# webhook tokens\nold-token-aaaaaaaaaaaa\n")
        daemon = Daemon(workdir=workdir, token=None, extra_args=["--set", f"auth.token_file={token_file}"])
        daemon.start()
        try:
            pid = daemon.process.pid
            self.assertEqual(daemon.post("/aifi/checkout", checkout(1), token="old-token-aaaaaaaaaaaa").status, 200)
            self.assertEqual(daemon.post("/aifi/checkout", checkout(2), token="new-token-bbbbbbbbbbbb").status, 401)
            # Rotation: both tokens for a while, then only the new one.
            with open(token_file, "w") as f:
                f.write("old-token-aaaaaaaaaaaa\nnew-token-bbbbbbbbbbbb\n")
            daemon.process.send_signal(signal.SIGHUP)
            wait_until(lambda: daemon.post("/aifi/checkout", checkout(3), token="new-token-bbbbbbbbbbbb").status == 200,
                       10, "the new token was not taken")
            self.assertEqual(daemon.post("/aifi/checkout", checkout(4), token="old-token-aaaaaaaaaaaa").status, 200)
            with open(token_file, "w") as f:
                f.write("new-token-bbbbbbbbbbbb\n")
            daemon.process.send_signal(signal.SIGHUP)
            wait_until(lambda: daemon.post("/aifi/checkout", checkout(5), token="old-token-aaaaaaaaaaaa").status == 401,
                       10, "the old token was still taken")
            self.assertEqual(daemon.post("/aifi/checkout", checkout(6), token="new-token-bbbbbbbbbbbb").status, 200)
            self.assertEqual(daemon.process.pid, pid)
            self.assertIsNone(daemon.process.poll())
            # A broken reload keeps the running configuration.
            os.remove(token_file)
            daemon.process.send_signal(signal.SIGHUP)
            time.sleep(0.5)
            self.assertEqual(daemon.post("/aifi/checkout", checkout(7), token="new-token-bbbbbbbbbbbb").status, 200)
            self.assertIn("reload failed", daemon.logs())
        finally:
            daemon.cleanup()
            shutil.rmtree(workdir, ignore_errors=True)


class ADaemonWithoutTokens(unittest.TestCase):
    def test_accepts_unauthenticated_webhooks_on_loopback_and_says_so(self):
        with Daemon(token=None) as daemon:
            self.assertEqual(daemon.post("/aifi/checkout", checkout(5), token=None).status, 200)
            self.assertIn("no webhook token configured", daemon.logs())


if __name__ == "__main__":
    main()
