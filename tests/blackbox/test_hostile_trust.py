"""Who the daemon trusts, tried as a web page open in the kiosk's browser and as a client on
the store's network would: cross-site requests to the alert acknowledgement, DNS rebinding
against loopback trust, tokens in query strings, and control bytes in paths, query values and
header values. Each refused request leaves the daemon's state as it was."""

import json
import socket
import time
import unittest

from harness import TOKEN, Daemon, checkout, main, zone_event
from sse import EventStreamClient
from test_hostile_http import exchange

STAFF = "staff-secret-0123456789"


def raw_request(port, method, path, headers, body=b""):
    """One request with exactly these header lines (bytes allowed) on a fresh connection;
    the first answer, or None when the daemon closed the connection without one."""
    head = f"{method} {path} HTTP/1.1\r\n".encode()
    for name, value in headers:
        head += name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()) + b"\r\n"
    if body or method == "POST":
        head += f"Content-Length: {len(body)}\r\n".encode()
    answers, _ = exchange(port, head + b"\r\n" + body, expect=1)
    return answers[0] if answers else None


def error_of(answer):
    return json.loads(answer.body)["error"]


class CrossSiteRequests(unittest.TestCase):
    """POST /api/alerts/{id}/ack is what a page could abuse to silence an age check."""

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", f"auth.staff_tokens={STAFF}"]).start()
        cls.origin = f"http://127.0.0.1:{cls.daemon.port}"
        cls.shopper = 0

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def open_alert(self):
        """A fresh age-check alert, still open; its id."""
        type(self).shopper += 1
        session = f"minor-{self.shopper}"
        zone = str(self.shopper)
        r = self.daemon.post("/aifi/checkout-zone/entered", zone_event(zone=zone, session=session, attention=True))
        self.assertEqual(r.status, 200, r)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alerts = self.daemon.get_json("/api/alerts")["alerts"]
            mine = [a for a in alerts if a.get("zone") == zone and a["kind"] == "age_check"]
            if mine:
                return mine[0]["id"]
            time.sleep(0.05)
        self.fail(f"no age-check alert for lane {zone}: {alerts}")

    def acknowledged(self, alert_id):
        alerts = self.daemon.get_json("/api/alerts")["alerts"]
        return [a["acknowledged"] for a in alerts if a["id"] == alert_id][0]

    def ack(self, alert_id, headers, body=b""):
        return raw_request(self.daemon.port, "POST", f"/api/alerts/{alert_id}/ack",
                           [("Host", f"127.0.0.1:{self.daemon.port}")] + headers, body)

    def test_a_page_of_another_site_cannot_acknowledge_an_alert(self):
        alert_id = self.open_alert()
        refused = [
            ("Origin of another site", [("Origin", "http://evil.example")], 403, "cross_site_request"),
            ("Origin of another site, JSON", [("Origin", "http://evil.example"),
                                              ("Content-Type", "application/json")], 403, "cross_site_request"),
            ("Origin on another port", [("Origin", "http://127.0.0.1:1")], 403, "cross_site_request"),
            ("Origin null (sandboxed frame, no-referrer)", [("Origin", "null")], 403, "cross_site_request"),
            ("Sec-Fetch-Site cross-site", [("Sec-Fetch-Site", "cross-site")], 403, "cross_site_request"),
            ("Sec-Fetch-Site same-site", [("Sec-Fetch-Site", "same-site")], 403, "cross_site_request"),
            ("text/plain, the issue's request", [("Origin", "http://evil.example"),
                                                 ("Content-Type", "text/plain")], 403, "cross_site_request"),
            ("text/plain without Origin", [("Content-Type", "text/plain")], 415, "unsupported_media_type"),
            ("a form", [("Content-Type", "application/x-www-form-urlencoded")], 415, "unsupported_media_type"),
            ("a multipart form", [("Content-Type", "multipart/form-data; boundary=x")], 415,
             "unsupported_media_type"),
        ]
        for label, headers, status, error in refused:
            with self.subTest(label):
                answer = self.ack(alert_id, headers, b"{}" if any(h[0] == "Content-Type" for h in headers) else b"")
                self.assertIsNotNone(answer, label)
                self.assertEqual((answer.status, error_of(answer)), (status, error), f"{label}: {answer}")
                self.assertFalse(self.acknowledged(alert_id), f"{label} acknowledged the alert")

    def test_the_staff_page_and_tools_still_acknowledge(self):
        accepted = [
            ("the staff page: same origin, JSON", [("Origin", self.origin), ("Sec-Fetch-Site", "same-origin"),
                                                  ("Content-Type", "application/json")], b"{}"),
            ("curl or a script: no Origin, no body", [], b""),
            ("the page, origin in other case", [("Origin", self.origin.upper().replace("HTTP", "http"))], b""),
        ]
        for label, headers, body in accepted:
            with self.subTest(label):
                alert_id = self.open_alert()
                answer = self.ack(alert_id, headers, body)
                self.assertEqual(answer.status, 200, f"{label}: {answer}")
                self.assertTrue(self.acknowledged(alert_id), label)

    def test_webhooks_from_aifi_need_no_origin_and_are_accepted(self):
        self.assertEqual(self.daemon.post("/aifi/checkout", checkout(7101)).status, 200)


class DnsRebinding(unittest.TestCase):
    """A page on evil.example whose name resolves to 127.0.0.1 sends same-origin requests to
    the daemon over loopback, with its own name in Host."""

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", f"auth.staff_tokens={STAFF}",
                                        "--set", "auth.allowed_hosts=kiosk.store.lan"]).start()
        assert cls.daemon.post("/aifi/checkout", checkout(7201)).status == 200

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def get(self, path, host, headers=()):
        return raw_request(self.daemon.port, "GET", path, [("Host", host), *headers])

    def test_a_rebound_name_cannot_read_what_loopback_trust_opens(self):
        port = self.daemon.port
        for path in ("/api/orders", "/api/orders/7201", "/api/events", "/api/alerts", "/metrics",
                     "/api/staff/events"):
            for host in (f"evil.example:{port}", "evil.example", f"localhost.evil.example:{port}",
                         f"127.0.0.1.evil.example:{port}", f"EVIL.example.:{port}"):
                with self.subTest(path=path, host=host):
                    answer = self.get(path, host)
                    self.assertEqual((answer.status, error_of(answer)), (403, "host_not_allowed"), answer)
                    self.assertNotIn(b"7201", answer.body)

    def test_the_daemons_own_names_keep_loopback_trust(self):
        port = self.daemon.port
        own = [f"127.0.0.1:{port}", "127.0.0.1", f"localhost:{port}", "LOCALHOST", f"[::1]:{port}",
               f"kiosk.localhost:{port}", f"kiosk.store.lan:{port}", f"Kiosk.Store.Lan.:{port}",
               f"{socket.gethostname()}:{port}", f"192.0.2.7:{port}"]
        for host in own:
            with self.subTest(host=host):
                answer = self.get("/api/orders/7201", host)
                self.assertEqual(answer.status, 200, f"{host}: {answer}")

    def test_a_staff_token_is_good_under_any_name(self):
        answer = self.get("/api/orders/7201", "lanecast.example.com",
                          [("Authorization", f"Bearer {STAFF}")])
        self.assertEqual(answer.status, 200, answer)

    def test_public_screens_answer_under_any_name(self):
        for path in ("/api/lanes", "/healthz", "/display/1", "/staff"):
            with self.subTest(path):
                self.assertEqual(self.get(path, "evil.example").status, 200)

    def test_unauthenticated_webhooks_on_loopback_need_an_own_name_too(self):
        with Daemon(token=None) as daemon:
            body = json.dumps(checkout(7301)).encode()
            headers = [("Content-Type", "application/json")]
            evil = raw_request(daemon.port, "POST", "/aifi/checkout", [("Host", "evil.example")] + headers, body)
            self.assertEqual((evil.status, error_of(evil)), (403, "host_not_allowed"), evil)
            own = raw_request(daemon.port, "POST", "/aifi/checkout", [("Host", "localhost")] + headers, body)
            self.assertEqual(own.status, 200, own)
            self.assertEqual([e["orderId"] for e in daemon.all_events()], [7301])


class QueryTokens(unittest.TestCase):
    """Off loopback trust, a staff token in the URL is taken only by the event stream, which
    EventSource opens without headers."""

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", f"auth.staff_tokens={STAFF}",
                                        "--set", "auth.trust_loopback=no"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def test_is_refused_where_a_header_can_be_sent(self):
        for path in ("/api/orders", "/api/events", "/api/alerts", "/metrics", "/api/orders/1"):
            with self.subTest(path):
                r = self.daemon.request("GET", f"{path}?token={STAFF}")
                self.assertEqual(r.status, 401, r)
                self.assertIn("query string is accepted only on event streams", r.json()["detail"])
                ok = self.daemon.request("GET", path, headers={"Authorization": f"Bearer {STAFF}"})
                self.assertIn(ok.status, (200, 404), ok)

    def test_opens_the_staff_event_stream(self):
        stream = EventStreamClient(self.daemon.port, f"/api/staff/events?token={STAFF}")
        try:
            self.assertEqual(stream.status, 200)
            self.assertEqual(stream.next_event()[1], "snapshot")
        finally:
            stream.close()
        wrong = self.daemon.request("GET", f"/api/staff/events?token={STAFF}x")
        self.assertEqual(wrong.status, 401)


class ControlBytes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", f"auth.staff_tokens={STAFF}", "--set", "auth.trust_loopback=no",
                                        "--set", "display.lanes=lane-2"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def get(self, path, headers=()):
        return raw_request(self.daemon.port, "GET", path, [("Host", "127.0.0.1"), *headers])

    def test_in_a_path_are_refused_not_cut_off(self):
        self.assertEqual(self.get("/api/lanes/lane-2").status, 200)
        for path in ("/api/lanes/lane-2%00/events", "/api/lanes/lane-2%00", "/api/lanes/lane-2%0a",
                     "/api/lanes/lane-2%0d%0aX-Injected:%201", "/api/lanes/lane-2%1b[2J", "/api/lanes/lane-2%7f",
                     "/display/lane-2%00", "/assets/display.js%00.png", "/healthz%00"):
            with self.subTest(path):
                answer = self.get(path)
                self.assertEqual((answer.status, error_of(answer)), (400, "invalid_path"), answer)
                self.assertIn("control character", json.loads(answer.body)["detail"])

    def test_in_a_query_token_are_refused(self):
        for query in (f"token={STAFF}%00junk", f"token={STAFF}%00", f"token={STAFF}%0a", f"token%00={STAFF}"):
            with self.subTest(query):
                answer = self.get(f"/api/staff/events?{query}")
                self.assertEqual((answer.status, error_of(answer)), (400, "invalid_query"), answer)
        answer = self.get(f"/api/orders?limit=5%00")
        self.assertEqual((answer.status, error_of(answer)), (400, "invalid_query"), answer)

    def test_in_a_header_token_are_refused(self):
        for value in (f"Bearer {STAFF}\x00junk".encode(), f"Bearer {STAFF}\x00 \x00".encode(),
                      f"Bearer {STAFF}\x01".encode(), f"Bearer {STAFF}\x7f".encode(),
                      f"Bearer {STAFF}\x1b".encode()):
            with self.subTest(value):
                answer = self.get("/api/alerts", [("Authorization", value)])
                self.assertIsNotNone(answer, value)
                self.assertEqual(answer.status, 400, answer)
                self.assertEqual(error_of(answer), "invalid_header", answer)
                self.assertIn("Authorization", json.loads(answer.body)["detail"])
                self.assertNotIn(STAFF.encode(), answer.body)
        self.assertEqual(self.get("/api/alerts", [("Authorization", f"Bearer {STAFF}")]).status, 200)

    def test_in_a_host_header_are_refused(self):
        with Daemon() as daemon:
            for host in (b"localhost\x00.evil.example", b"localhost\x01.evil.example"):
                with self.subTest(host):
                    answer = raw_request(daemon.port, "GET", "/api/orders", [("Host", host), ("Accept", "*/*")])
                    self.assertEqual((answer.status, error_of(answer)), (400, "invalid_header"), answer)
                    self.assertIn("Host", json.loads(answer.body)["detail"])

    def test_bare_line_feeds_between_headers_are_no_nul_byte(self):
        answers, _ = exchange(self.daemon.port, b"GET /api/lanes HTTP/1.1\nHost: x\nAccept: */*\nX-A: 1\n\n",
                              expect=1)
        self.assertEqual(answers[0].status, 200, answers)

    def test_in_a_webhook_token_are_refused_and_nothing_is_stored(self):
        body = json.dumps(checkout(7401)).encode()
        answer = raw_request(self.daemon.port, "POST", "/aifi/checkout",
                             [("Host", "127.0.0.1"), ("Content-Type", "application/json"),
                              ("Authorization", f"Bearer {TOKEN}\x00junk".encode())], body)
        self.assertEqual((answer.status, error_of(answer)), (400, "invalid_header"), answer)
        stored = self.daemon.request("GET", "/api/events", headers={"Authorization": f"Bearer {STAFF}"}).json()
        self.assertEqual(stored["events"], [])
        self.assertEqual(self.daemon.request("GET", "/healthz").status, 200)


if __name__ == "__main__":
    main()
