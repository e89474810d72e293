"""What the screens are fed: lane snapshots, live event streams with resume, staff alerts,
page assets, and the pole display on a pseudo-terminal - all from the real daemon."""

import json
import os
import pty
import select
import time
import tty
import unittest

from harness import Daemon, checkout, main, zone_event
from sse import EventStreamClient
from test_cart_mutator_pricing import EXAMPLES, german_cart


def trip(daemon, lane="1", session="shopper-a", order_id=8001):
    assert daemon.post("/aifi/checkout-zone/entered", zone_event(zone=lane, session=session)).status == 200
    body = german_cart(order_id)
    body["sessionId"] = body["session"]["sessionId"] = session
    assert daemon.post("/aifi/cart-mutator", body).status == 200
    return body


class TheScreensFeed(unittest.TestCase):
    def setUp(self):
        self.daemon = Daemon(extra_args=[
            "--set", f"pricing.rules_file={os.path.join(EXAMPLES, 'pricing-de.json')}",
            "--set", "display.lanes=1,2", "--set", "display.heartbeat_s=1",
            "--set", "display.thank_you_s=1", "--set", "auth.staff_tokens=staff-secret-1234"]).start()

    def tearDown(self):
        self.daemon.cleanup()

    def test_starts_a_lane_stream_with_a_snapshot_then_follows_a_whole_trip(self):
        stream = EventStreamClient(self.daemon.port, "/api/lanes/1/events")
        try:
            self.assertEqual(stream.status, 200)
            self.assertIn("text/event-stream", stream.headers)
            _, kind, snapshot = stream.next_event()
            self.assertEqual(kind, "snapshot")
            self.assertEqual([lane["zone"] for lane in snapshot["lanes"]], ["1"])
            self.assertEqual(snapshot["alerts"], [])
            trip(self.daemon)
            _, _, welcome = stream.wait_for(lambda e: e[1] == "lane" and e[2]["lane"]["phase"] == "welcome")
            _, _, priced = stream.wait_for(lambda e: e[1] == "lane" and e[2]["lane"]["phase"] == "cart")
            cart = priced["lane"]["cart"]
            self.assertEqual(cart["total"], "7.47")
            self.assertEqual(cart["total_minor"], 747)
            self.assertIn("deposit", [line["kind"] for line in cart["lines"]])
            done = checkout(8001, "completed", session="shopper-a", total="7.47", tax="0.82")
            self.assertEqual(self.daemon.post("/aifi/checkout", done).status, 200)
            _, _, paid = stream.wait_for(lambda e: e[1] == "lane" and e[2]["lane"]["phase"] == "paid")
            self.assertEqual(paid["lane"]["payment"], "paid")
            stream.wait_for(lambda e: e[1] == "lane" and e[2]["lane"]["phase"] in ("idle", "welcome"), timeout=5)
        finally:
            stream.close()

    def test_never_sends_alerts_or_other_lanes_to_a_customer_display(self):
        stream = EventStreamClient(self.daemon.port, "/api/lanes/2/events")
        try:
            stream.next_event()
            trip(self.daemon, lane="1")  # the fixture's shopper carries an alcohol flag: an age-check alert
            self.daemon.post("/aifi/checkout-zone/entered", zone_event(zone="2", session="shopper-b"))
            _, kind, event = stream.wait_for(lambda e: e[1] != "snapshot")
            self.assertEqual((kind, event["lane"]["zone"]), ("lane", "2"))
        finally:
            stream.close()

    def test_resumes_from_last_event_id_with_exactly_the_missed_changes(self):
        stream = EventStreamClient(self.daemon.port, "/api/lanes/1/events")
        first_id, _, _ = stream.next_event()
        stream.close()
        trip(self.daemon)
        resumed = EventStreamClient(self.daemon.port, "/api/lanes/1/events", {"Last-Event-ID": str(first_id)})
        try:
            ids, phases = [], []
            while "cart" not in phases:
                event_id, kind, data = resumed.next_event()
                self.assertEqual(kind, "lane")
                ids.append(event_id)
                phases.append(data["lane"]["phase"])
            self.assertEqual(phases, ["welcome", "cart"])
            self.assertEqual(ids, sorted(ids))
            self.assertGreater(ids[0], first_id)
        finally:
            resumed.close()

    def test_sends_a_fresh_snapshot_for_an_id_it_cannot_resume(self):
        stream = EventStreamClient(self.daemon.port, "/api/lanes/1/events", {"Last-Event-ID": "12345"})
        try:
            self.assertEqual(stream.next_event()[1], "snapshot")
        finally:
            stream.close()

    def test_keeps_streams_alive_with_heartbeats(self):
        stream = EventStreamClient(self.daemon.port, "/api/lanes/1/events")
        try:
            stream.next_event()
            deadline = time.monotonic() + 5
            while ": ping" not in stream.text and time.monotonic() < deadline:
                stream.sock.settimeout(deadline - time.monotonic())
                stream._fill()
            self.assertIn(": ping", stream.text)
        finally:
            stream.close()

    def test_gives_staff_the_age_check_alert_and_lets_them_acknowledge_it(self):
        staff = EventStreamClient(self.daemon.port, "/api/staff/events")
        try:
            staff.next_event()
            trip(self.daemon)
            _, _, alert = staff.wait_for(lambda e: e[1] == "alert")
            self.assertEqual(alert["alert"]["kind"], "age_check")
            alert_id = alert["alert"]["id"]
            r = self.daemon.request("POST", f"/api/alerts/{alert_id}/ack")
            self.assertEqual((r.status, r.json()), (200, {"acknowledged": alert_id}))
            _, _, acked = staff.wait_for(lambda e: e[1] == "alert" and e[2]["alert"]["acknowledged"])
            self.assertEqual(acked["alert"]["id"], alert_id)
            self.assertEqual(self.daemon.request("POST", "/api/alerts/999999/ack").status, 404)
        finally:
            staff.close()

    def test_serves_lane_snapshots_and_404_for_an_unknown_lane(self):
        trip(self.daemon)
        lanes = self.daemon.get_json("/api/lanes")
        self.assertEqual(sorted(lane["zone"] for lane in lanes["lanes"]), ["1", "2"])
        # The screens follow committed webhooks on a thread of their own, so the priced cart
        # reaches the lane a moment after the answer.
        deadline = time.monotonic() + 5
        lane = self.daemon.get_json("/api/lanes/1")["lane"]
        while lane["cart"] is None and time.monotonic() < deadline:
            time.sleep(0.02)
            lane = self.daemon.get_json("/api/lanes/1")["lane"]
        self.assertIsNotNone(lane["cart"], lane)
        self.assertEqual(lane["cart"]["total"], "7.47")
        self.assertEqual(self.daemon.request("GET", "/api/lanes/nope").status, 404)

    def test_serves_page_settings_and_embedded_assets_only(self):
        config = self.daemon.get_json("/api/display/config")
        self.assertEqual(config["currency"]["code"], "EUR")
        page = self.daemon.request("GET", "/display/1")
        self.assertEqual(page.status, 200)
        self.assertIn("text/html", page.header("Content-Type"))
        self.assertEqual(config["catalogs"], ["en"])
        catalog = self.daemon.request("GET", "/assets/i18n/pl.json")
        self.assertEqual(catalog.status, 200)
        self.assertEqual(json.loads(catalog.body)["pole"]["total"], "Suma")
        for path in ("/assets/../../etc/passwd", "/assets/%2e%2e%2fetc%2fpasswd", "/assets/",
                     "/assets/i18n/..%2fdisplay.html", "/assets/i18n/xx.json", "/assets/i18n/",
                     "/assets/nothing.js", "/assets/..", "/display/1/../../etc/passwd"):
            self.assertEqual(self.daemon.request("GET", path).status, 404, path)


class TheStaffApi(unittest.TestCase):
    def test_needs_a_staff_token_when_loopback_is_not_trusted(self):
        args = ["--set", "auth.staff_tokens=staff-secret-1234", "--set", "auth.trust_loopback=no"]
        with Daemon(extra_args=args) as daemon:
            for path in ("/api/staff/events", "/api/alerts", "/api/events", "/api/orders/1"):
                r = daemon.request("GET", path)
                self.assertEqual(r.status, 401, path)
                self.assertEqual(r.json()["error"], "unauthorized")
            ok = daemon.request("GET", "/api/alerts", headers={"Authorization": "Bearer staff-secret-1234"})
            self.assertEqual(ok.status, 200)
            wrong = daemon.request("GET", "/api/alerts", headers={"Authorization": "Bearer " + daemon.token})
            self.assertEqual(wrong.status, 401, "a webhook token is not a staff token")
            stream = EventStreamClient(daemon.port, "/api/staff/events?token=staff-secret-1234")
            try:
                self.assertEqual(stream.status, 200)
                self.assertEqual(stream.next_event()[1], "snapshot")
            finally:
                stream.close()
            # The customer display stays public.
            self.assertEqual(daemon.request("GET", "/api/lanes").status, 200)


class APoleDisplay(unittest.TestCase):
    def follow(self, command_set, *settings, until, trip_body=lambda daemon, shown: trip(daemon),
               seconds=20):
        """Starts a daemon driving a pole display on a pseudo-terminal, makes a trip, and
        returns every byte the display got until `until` shows up (or the deadline passes).
        `trip_body(daemon, shown)` may call `shown(text)` to wait until the display has shown
        `text` before it sends more: the display shows the latest state of its lane, so a
        state that is followed at once by the next may never reach the glass."""
        master, slave = pty.openpty()
        tty.setraw(master)
        daemon = Daemon(extra_args=[
            "--set", f"pole.device={os.ttyname(slave)}", "--set", f"pole.command_set={command_set}",
            "--set", "pole.lane=1", *settings]).start()
        seen = bytearray()
        deadline = time.monotonic() + seconds

        def shown(text):
            while text not in seen and time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    seen.extend(os.read(master, 4096))
            return text in seen

        try:
            trip_body(daemon, shown)
            shown(until)
            return bytes(seen)
        finally:
            daemon.cleanup()
            os.close(master)
            os.close(slave)

    def test_shows_the_running_total_on_a_serial_line(self):
        seen = self.follow("cd5220", "--set", f"pricing.rules_file={os.path.join(EXAMPLES, 'pricing-de.json')}",
                           "--set", "display.currency_symbol=EUR", until=b"7.47")
        self.assertIn(b"7.47", seen)
        self.assertIn(b"\x1bQA", seen)  # CD5220: write line 1

    def test_speaks_polish_in_the_letters_the_display_has(self):
        def paid_trip(daemon, shown):
            body = trip(daemon)
            assert shown(b"Suma"), "the running total in Polish"
            assert daemon.post("/aifi/checkout", checkout(8001, session="shopper-a", cart=body["cart"],
                                                          total="6.97", tax="0.00")).status == 200
        seen = self.follow("cd5220", "--set", "display.locale=pl-PL", "--set", "store.currency=PLN",
                           until=b"Zaplacono", trip_body=paid_trip)
        self.assertIn(b"\x1bQA    Dziekujemy!     \r", seen)  # "Dziękujemy!", centered
        self.assertRegex(seen, rb"\x1bQBZaplacono +6,97 PLN\r")  # "Zapłacono": no "ł" on a CD5220
        self.assertIn(b"Suma", seen)
        self.assertNotIn(b"Total", seen)
        self.assertTrue(all(b < 0x80 for b in seen), "a CD5220 gets ASCII only")

    def test_shows_german_umlauts_from_the_epson_code_page(self):
        def pending_trip(daemon, shown):
            body = trip(daemon)
            assert daemon.post("/aifi/checkout", checkout(8001, session="shopper-a", cart=body["cart"],
                                                          total="6.97", tax="0.00",
                                                          payment_status="pending")).status == 200
        seen = self.follow("epson", "--set", "display.locale=de-DE", until=b"Zahlung l\x84uft",
                           trip_body=pending_trip)
        self.assertIn(b"\x1bt\x13", seen)  # PC858 selected
        self.assertIn(b"Zahlung l\x84uft", seen)  # "ä" is PC858 byte 0x84


if __name__ == "__main__":
    main()
