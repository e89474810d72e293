"""The HTTPS listener: the cloud's webhooks over TLS 1.2 and 1.3 with a certificate chain from
files or systemd credentials, nothing older or weaker, clear refusals of bad TLS material,
socket activation by name, and clients that never finish a handshake."""

import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import warnings

from harness import (LANECASTD, TOKEN, Daemon, checkout, free_ports, main, run_ctl, wait_until,
                     zone_event)
from sse import EventStreamClient


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def make_certificates(directory):
    """A store CA and a P-256 leaf for 127.0.0.1 signed by it, served as a two-certificate
    chain; an RSA leaf; a leaf with five days left; a key that belongs to none of them; the
    P-256 key encrypted."""
    def leaf(name, key_args, days=30):
        openssl("req", "-new", "-newkey", *key_args, "-nodes", "-keyout", f"{name}.key",
                "-out", f"{name}.csr", "-subj", "/CN=lanecast test store", cwd=directory)
        with open(os.path.join(directory, f"{name}.ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", str(days), "-extfile", f"{name}.ext", "-out", f"{name}.crt",
                cwd=directory)
        with open(os.path.join(directory, f"{name}-chain.pem"), "w") as chain:
            for part in (f"{name}.crt", "ca.crt"):
                with open(os.path.join(directory, part)) as f:
                    chain.write(f.read())

    ec = ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    openssl("req", "-x509", "-newkey", *ec, "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "30", "-subj", "/CN=lanecast test CA", cwd=directory)
    leaf("ec", ec)
    leaf("rsa", ["rsa:2048"])
    leaf("short", ec, days=5)
    openssl("pkey", "-in", "ec.key", "-aes256", "-passout", "pass:secret", "-out", "encrypted.key",
            cwd=directory)
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-out", "stranger.key", cwd=directory)


def client_context(directory, version=None, ciphers=None):
    context = ssl.create_default_context(cafile=os.path.join(directory, "ca.crt"))
    if version is not None:
        context.minimum_version = context.maximum_version = version
    if ciphers is not None:
        context.set_ciphers(ciphers)
    return context


def legacy_context(version):
    """A client that really offers TLS 1.0/1.1, which OpenSSL 3 refuses to at its default
    security level; certificate checks are beside the point here."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # deprecated is the point
        context.minimum_version = context.maximum_version = version
    return context


class HttpsDaemon(Daemon):
    """lanecastd with its plain listener and an HTTPS listener on another free port."""

    def __init__(self, certs, cert="ec-chain.pem", key="ec.key", extra_args=(), **kwargs):
        port, self.tls_port = free_ports(2)
        args = ["--set", f"tls.listen=127.0.0.1:{self.tls_port}"]
        if cert:
            args += ["--set", f"tls.cert_file={os.path.join(certs, cert)}",
                     "--set", f"tls.key_file={os.path.join(certs, key)}"]
        super().__init__(extra_args=args + list(extra_args), port=port, **kwargs)

    def https(self, context, method, path, body=None, headers=None, token="default"):
        conn = http.client.HTTPSConnection("127.0.0.1", self.tls_port, context=context, timeout=10)
        try:
            h = dict(headers or {})
            token = self.token if token == "default" else token
            if token:
                h["Authorization"] = f"Bearer {token}"
            if body is not None:
                h["Content-Type"] = "application/json"
                body = body if isinstance(body, bytes) else json.dumps(body).encode()
            conn.connect()
            version, cipher = conn.sock.version(), conn.sock.cipher()[0]
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return r.status, r.read().decode(), version, cipher
        finally:
            conn.close()


class TlsFixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.certs = tempfile.mkdtemp(prefix="lanecast-tls-")
        make_certificates(cls.certs)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.certs, ignore_errors=True)


class AnHttpsListener(TlsFixture):
    def setUp(self):
        self.daemon = HttpsDaemon(self.certs).start()

    def tearDown(self):
        self.daemon.cleanup()

    def test_takes_webhooks_over_tls_1_3_and_1_2_and_stores_them(self):
        for order_id, version in ((501, ssl.TLSVersion.TLSv1_3), (502, ssl.TLSVersion.TLSv1_2)):
            status, body, negotiated, cipher = self.daemon.https(
                client_context(self.certs, version), "POST", "/aifi/checkout", checkout(order_id))
            self.assertEqual(status, 200, body)
            self.assertEqual(negotiated, {ssl.TLSVersion.TLSv1_3: "TLSv1.3",
                                          ssl.TLSVersion.TLSv1_2: "TLSv1.2"}[version])
            self.assertTrue("GCM" in cipher or "CHACHA20" in cipher, cipher)
            if version == ssl.TLSVersion.TLSv1_2:
                self.assertTrue(cipher.startswith("ECDHE-"), cipher)
        stored = self.daemon.get_json("/api/orders/502")
        self.assertEqual(stored["orderId"], 502)
        self.assertEqual(self.daemon.get_json("/api/orders/501")["orderId"], 501)

    def test_reports_its_certificate_in_health_metrics_and_the_journal(self):
        end = subprocess.run(["openssl", "x509", "-noout", "-enddate", "-in", os.path.join(self.certs, "ec.crt")],
                             capture_output=True, text=True, check=True).stdout.strip().split("=", 1)[1]
        not_after = int(time.mktime(time.strptime(end, "%b %d %H:%M:%S %Y %Z")) - time.timezone)
        https = self.daemon.get_json("/healthz")["https"]
        self.assertEqual(https["listener"], f"127.0.0.1:{self.daemon.tls_port}")
        self.assertEqual(https["certificateDaysLeft"], 29)
        self.assertEqual(https["certificateNotAfter"],
                         time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(not_after)))
        metrics = self.daemon.request("GET", "/metrics").body
        self.assertIn(f"lanecast_tls_certificate_not_after_seconds {not_after}\n", metrics)
        self.assertIn("HTTPS certificate for lanecast test store (localhost, 127.0.0.1), valid until",
                      self.daemon.logs())
        status = run_ctl("--url", f"http://127.0.0.1:{self.daemon.port}", "status")
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn(f"https      127.0.0.1:{self.daemon.tls_port}, certificate until "
                      f"{https['certificateNotAfter'][:10]} (29 days left)\n", status.stdout)

    def test_serves_the_whole_chain_so_clients_trusting_only_the_store_ca_connect(self):
        with socket.create_connection(("127.0.0.1", self.daemon.tls_port), timeout=5) as raw:
            with client_context(self.certs).wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                peer = tls.getpeercert()
        self.assertIn(("IP Address", "127.0.0.1"), peer["subjectAltName"])

    def test_keeps_asking_for_the_webhook_token(self):
        status, body, _, _ = self.daemon.https(client_context(self.certs), "POST", "/aifi/checkout",
                                               checkout(503), token=None)
        self.assertEqual(status, 401, body)
        self.assertIn("unauthorized", body)
        self.assertEqual(self.daemon.request("GET", "/api/orders/503").status, 404)

    def test_refuses_tls_1_1_and_1_0(self):
        for version in (ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1):
            with self.assertRaises(ssl.SSLError, msg=str(version)):
                self.daemon.https(legacy_context(version), "GET", "/healthz")
        self.assertEqual(self.daemon.request("GET", "/healthz").status, 200)

    def test_refuses_tls_1_2_ciphers_without_forward_secrecy_or_aead(self):
        for ciphers in ("AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384"):
            context = client_context(self.certs, ssl.TLSVersion.TLSv1_2, ciphers)
            with self.assertRaises(ssl.SSLError, msg=ciphers):
                self.daemon.https(context, "GET", "/healthz")

    def test_does_not_answer_plain_http_on_the_tls_port_and_stays_up(self):
        with socket.create_connection(("127.0.0.1", self.daemon.tls_port), timeout=5) as raw:
            raw.sendall(b"POST /aifi/checkout HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            reply = raw.recv(4096)
        self.assertFalse(reply.startswith(b"HTTP/"), reply)
        status, _, _, _ = self.daemon.https(client_context(self.certs), "GET", "/healthz")
        self.assertEqual(status, 200)

    def test_streams_server_sent_events_over_tls(self):
        stream = EventStreamClient(self.daemon.tls_port, "/api/lanes/7/events",
                                   tls=client_context(self.certs))
        try:
            self.assertEqual(stream.status, 200)
            _, kind, _ = stream.next_event()
            self.assertEqual(kind, "snapshot")
            status, body, _, _ = self.daemon.https(client_context(self.certs), "POST",
                                                   "/aifi/checkout-zone/entered",
                                                   zone_event(zone="7", session="s-tls"))
            self.assertEqual(status, 200, body)
            stream.wait_for(lambda e: e[1] == "lane" and e[2]["lane"]["phase"] == "welcome")
        finally:
            stream.close()

    def test_carries_a_large_body_intact(self):
        body = checkout(504)
        body["cart"] = body["cart"] * 2000  # about 1 MB of JSON through the TLS record layer
        payload = json.dumps(body).encode()
        self.assertGreater(len(payload), 500_000)
        status, answer, _, _ = self.daemon.https(client_context(self.certs), "POST",
                                                 "/aifi/checkout", payload)
        self.assertEqual(status, 200, answer[:300])
        stored = [e["body"] for e in self.daemon.all_events() if e["orderId"] == 504]
        self.assertEqual(stored, [payload.decode()])


class AnHttpsListenerConfiguredOtherwise(TlsFixture):
    def test_takes_its_certificate_and_key_from_systemd_credentials(self):
        credentials = tempfile.mkdtemp(prefix="lanecast-creds-")
        try:
            shutil.copy(os.path.join(self.certs, "rsa-chain.pem"), os.path.join(credentials, "tls-cert"))
            shutil.copy(os.path.join(self.certs, "rsa.key"), os.path.join(credentials, "tls-key"))
            with HttpsDaemon(self.certs, cert=None, env={"CREDENTIALS_DIRECTORY": credentials}) as daemon:
                status, _, _, cipher = daemon.https(client_context(self.certs, ssl.TLSVersion.TLSv1_2),
                                                    "GET", "/healthz")
                self.assertEqual(status, 200)
                self.assertTrue(cipher.startswith("ECDHE-RSA-"), cipher)
        finally:
            shutil.rmtree(credentials, ignore_errors=True)

    def test_accepts_tls_1_1_only_when_the_priority_string_says_so(self):
        # The control for test_refuses_tls_1_1_and_1_0: the same client does get through when
        # the priorities allow it, so the refusal there is the daemon's doing.
        older = "NORMAL:+VERS-TLS1.1:+VERS-TLS1.0:+SHA1:+AES-128-CBC:+ECDHE-ECDSA"
        with HttpsDaemon(self.certs, extra_args=["--set", f"tls.priorities={older}"]) as daemon:
            status, _, negotiated, _ = daemon.https(legacy_context(ssl.TLSVersion.TLSv1_1), "GET", "/healthz")
            self.assertEqual((status, negotiated), (200, "TLSv1.1"))

    def test_refuses_to_start_on_bad_tls_material_and_says_why(self):
        cases = [
            ({"cert": "ec-chain.pem", "key": "stranger.key"}, [], "do not match"),
            ({"cert": "ec-chain.pem", "key": "ec-chain.pem"}, [], "TLS private key"),
            ({"cert": "ec.key", "key": "ec.key"}, [], "TLS certificate"),
            ({"cert": "ec-chain.pem", "key": "encrypted.key"}, [], "unencrypted"),
            ({"cert": "ec-chain.pem", "key": "ec.key"}, ["--set", "tls.priorities=NORMAL:+NOPE"], "NORMAL:+NOPE"),
            ({"cert": None}, [], "tls.listen is set but there is no certificate and key"),
        ]
        for files, args, reason in cases:
            daemon = HttpsDaemon(self.certs, extra_args=args, **files)
            try:
                check = subprocess.run(daemon.command() + ["--check-config"], capture_output=True,
                                       text=True, timeout=30)
                self.assertEqual(check.returncode, 78, (files, check.stderr))
                self.assertIn(reason, check.stderr, files)
                run = subprocess.run(daemon.command(), capture_output=True, text=True, timeout=30)
                self.assertEqual(run.returncode, 78, (files, run.stderr))
                self.assertIn(reason, run.stderr, files)
            finally:
                daemon.cleanup()

    def test_is_absent_from_health_and_metrics_without_https(self):
        with Daemon() as daemon:
            self.assertNotIn("https", daemon.get_json("/healthz"))
            self.assertNotIn("lanecast_tls_", daemon.request("GET", "/metrics").body)

    def test_warns_staff_of_a_certificate_about_to_expire(self):
        with HttpsDaemon(self.certs, cert="short-chain.pem", key="short.key") as daemon:
            https = daemon.get_json("/healthz")["https"]
            self.assertEqual(https["certificateDaysLeft"], 4)  # five days less a few seconds
            deadline = time.monotonic() + 10
            while True:
                alerts = [a for a in daemon.get_json("/api/alerts")["alerts"]
                          if a["kind"] == "certificate_expiring"]
                if alerts or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            self.assertEqual(len(alerts), 1, daemon.get_json("/api/alerts"))
            self.assertIn("the HTTPS certificate for lanecast test store (localhost, 127.0.0.1) "
                          f"expires on {https['certificateNotAfter'][:10]}, in 4 day(s)", alerts[0]["text"])
            self.assertIn("renew it", daemon.logs())

    def test_finishes_a_handshake_and_request_begun_as_the_daemon_stops(self):
        # The restart case: the cloud's connection is accepted, then SIGTERM, then the
        # handshake's round trips and the request; the stop waits for it. Each step waits for
        # the daemon to show the one before (not for a fixed time), so a slow machine cannot
        # reorder them.
        daemon = HttpsDaemon(self.certs).start()
        self.addCleanup(daemon.cleanup)
        raw = socket.create_connection(("127.0.0.1", daemon.tls_port), timeout=10)
        # Accepted: open beside the /healthz request's own connection. The pause first lets the
        # start-up check's connection close, so it is not counted in this one's place.
        time.sleep(0.2)
        wait_until(lambda: daemon.get_json("/healthz")["http"]["openConnections"] >= 2, 10,
                   daemon.logs)
        daemon.process.send_signal(signal.SIGTERM)
        wait_until(lambda: "stopping: finishing requests in flight" in daemon.logs(), 10,
                   daemon.logs)
        time.sleep(0.2)  # well into the stop's wait, still inside its grace for a first request
        conn = http.client.HTTPSConnection("127.0.0.1", daemon.tls_port, timeout=10,
                                           context=client_context(self.certs))
        try:
            conn.sock = client_context(self.certs).wrap_socket(raw, server_hostname="127.0.0.1")
            conn.request("POST", "/aifi/checkout", body=json.dumps(checkout(931)).encode(),
                         headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
            answer = conn.getresponse()
            body = answer.read()
        except OSError as error:
            self.fail(f"{error!r}; the daemon's log:\n{daemon.logs()}")
        self.assertEqual(answer.status, 200, body)
        self.assertEqual(json.loads(body)["externalId"], "LC-931")
        self.assertEqual(answer.getheader("Connection"), "close")
        conn.close()
        self.assertEqual(daemon.process.wait(timeout=15), 0)
        with Daemon(workdir=daemon.workdir, port=daemon.port) as after:
            self.assertEqual(after.get_json("/api/orders/931")["orderId"], 931)

    def test_closes_connections_that_never_finish_the_handshake(self):
        with HttpsDaemon(self.certs, extra_args=["--set", "http.connection_timeout_s=1"]) as daemon:
            idle = [socket.create_connection(("127.0.0.1", daemon.tls_port), timeout=10) for _ in range(5)]
            half = socket.create_connection(("127.0.0.1", daemon.tls_port), timeout=10)
            half.sendall(b"\x16\x03\x01\x00\xc8\x01")  # the first bytes of a ClientHello, then nothing
            started = time.monotonic()
            for sock in idle + [half]:
                # Closed by the daemon (perhaps after a TLS alert), never by our own timeout.
                while sock.recv(4096) != b"":
                    pass
                sock.close()
            self.assertLess(time.monotonic() - started, 8)
            status, _, _, _ = daemon.https(client_context(self.certs), "GET", "/healthz")
            self.assertEqual(status, 200)


class LanecastctlOverHttps(TlsFixture):
    """lanecastctl talks to the daemon's own TLS listener, trusting the store's CA."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A CA that signed nothing the daemon serves: trusting it must not be enough.
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "30",
                "-subj", "/CN=some other CA", cwd=cls.certs)
        cls.daemon = HttpsDaemon(cls.certs).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()
        super().tearDownClass()

    def url(self):
        return f"https://127.0.0.1:{self.daemon.tls_port}"

    def test_reports_status_over_https_trusting_the_store_ca(self):
        done = run_ctl("--url", self.url(), "--cacert", os.path.join(self.certs, "ca.crt"), "status")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(f"at https://127.0.0.1:{self.daemon.tls_port}: ", done.stdout)
        self.assertIn(f"https      127.0.0.1:{self.daemon.tls_port}, certificate until", done.stdout)

    def test_posts_webhooks_over_https(self):
        done = run_ctl("--url", self.url(), "--cacert", os.path.join(self.certs, "ca.crt"),
                       "--token", TOKEN, "simulate", "--count", "1", "--lanes", "1", "--step-ms", "0")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertTrue(self.daemon.all_events())

    def test_refuses_a_daemon_whose_certificate_the_given_ca_did_not_sign_and_says_so(self):
        for ca in ("other-ca.crt", None):  # another CA; the system's store, which lacks ours
            args = ["--url", self.url()] + (["--cacert", os.path.join(self.certs, ca)] if ca else [])
            done = run_ctl(*args, "status")
            self.assertNotEqual(done.returncode, 0, (ca, done.stdout))
            self.assertIn("unreachable", done.stderr, ca)
            self.assertIn("certificate is not trusted", done.stderr, ca)
            self.assertIn("--cacert FILE", done.stderr, ca)
        self.assertEqual(self.daemon.request("GET", "/healthz").status, 200)


class HttpsSocketActivation(TlsFixture):
    def test_serves_https_on_the_socket_named_https_and_plain_http_on_the_other(self):
        plain_port, tls_port = free_ports(2)
        workdir = tempfile.mkdtemp(prefix="lanecast-activate-")
        activator = subprocess.Popen(
            ["systemd-socket-activate", "-l", f"127.0.0.1:{plain_port}", "-l", f"127.0.0.1:{tls_port}",
             "--fdname=lanecast.socket:https",
             LANECASTD, "--config-dir", workdir, "--set", "http.listen=127.0.0.1:1",
             "--set", f"storage.path={workdir}/lanecast.db", "--set", f"auth.tokens={TOKEN}",
             "--set", f"tls.cert_file={self.certs}/ec-chain.pem", "--set", f"tls.key_file={self.certs}/ec.key"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            probe = Daemon(workdir=workdir, port=plain_port)
            deadline = time.monotonic() + 15
            while True:
                try:
                    self.assertEqual(probe.post("/aifi/checkout", checkout(601)).status, 200)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            conn = http.client.HTTPSConnection("127.0.0.1", tls_port, context=client_context(self.certs), timeout=10)
            conn.request("GET", "/api/orders/601")
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            conn.close()
        finally:
            activator.terminate()
            try:
                _, err = activator.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                activator.kill()
                _, err = activator.communicate()
            shutil.rmtree(workdir, ignore_errors=True)
        self.assertIn(f"https 127.0.0.1:{tls_port} (socket activation)".encode(), err)


if __name__ == "__main__":
    main()
