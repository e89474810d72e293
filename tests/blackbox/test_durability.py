"""What is acknowledged is kept: duplicates, order precedence, kill -9 and restart."""

import json
import threading
import time
import unittest

from harness import Daemon, checkout, main, mutator_request, zone_event


class ARedelivery(unittest.TestCase):
    def setUp(self):
        self.daemon = Daemon().start()

    def tearDown(self):
        self.daemon.cleanup()

    def test_of_an_identical_checkout_is_stored_once_and_gets_the_identical_answer(self):
        body = checkout(3001, "completed")
        first = self.daemon.post("/aifi/checkout", body)
        second = self.daemon.post("/aifi/checkout", body)
        self.assertEqual(first.status, 200)
        self.assertEqual(first.body, second.body)
        events = [e for e in self.daemon.all_events() if e["orderId"] == 3001]
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["redeliveries"], 1)
        self.assertEqual(json.loads(events[0]["body"]), body)

    def test_of_one_group_members_zone_event_is_stored_once(self):
        for _ in range(3):
            self.assertEqual(self.daemon.post("/aifi/checkout-zone/entered", zone_event(session="group-1")).status, 200)
        events = [e for e in self.daemon.all_events() if e["sessionId"] == "group-1"]
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["redeliveries"], 2)

    def test_of_a_cart_mutator_request_gets_the_stored_answer_byte_for_byte(self):
        body = mutator_request(3002)
        first = self.daemon.post("/aifi/cart-mutator", body)
        second = self.daemon.post("/aifi/cart-mutator", body)
        self.assertEqual((first.status, first.body), (second.status, second.body))

    def test_that_was_rejected_is_not_stored(self):
        before = len(self.daemon.all_events())
        bad = checkout(3003)
        bad["status"] = "bogus"
        self.assertEqual(self.daemon.post("/aifi/checkout", bad).status, 400)
        self.assertEqual(self.daemon.post("/aifi/checkout", checkout(3003), token="nope").status, 401)
        self.assertEqual(len(self.daemon.all_events()), before)


class AnOrder(unittest.TestCase):
    def setUp(self):
        self.daemon = Daemon().start()

    def tearDown(self):
        self.daemon.cleanup()

    def test_that_completed_ignores_a_late_draft_but_keeps_it_as_a_revision(self):
        self.daemon.post("/aifi/checkout", checkout(4001, "completed", total="9.99", tax="0.65"))
        late = self.daemon.post("/aifi/checkout", checkout(4001, "draft", total="9.49", tax="0.62"))
        self.assertEqual(late.status, 200)
        self.assertEqual(late.json()["externalId"], "LC-4001")
        order = self.daemon.get_json("/api/orders/4001")
        self.assertEqual((order["status"], order["totalPrice"]), ("completed", "9.99"))
        self.assertEqual([(r["status"], r["applied"]) for r in order["revisions"]],
                         [("completed", True), ("draft", False)])

    def test_moves_from_draft_to_completed_to_reviewed(self):
        self.daemon.post("/aifi/checkout", checkout(4002, "draft", total="5.00", tax="0.33"))
        self.daemon.post("/aifi/checkout", checkout(4002, "completed", total="5.00", tax="0.33"))
        self.daemon.post("/aifi/checkout", checkout(4002, "reviewed", total="4.50", tax="0.29"))
        order = self.daemon.get_json("/api/orders/4002")
        self.assertEqual((order["status"], order["totalPrice"], order["totalTax"]), ("reviewed", "4.50", "0.29"))
        self.assertEqual(len(order["revisions"]), 3)


class AKilledDaemon(unittest.TestCase):
    def test_keeps_every_acknowledged_webhook_after_kill_9_and_restart(self):
        daemon = Daemon().start()
        try:
            acknowledged, lock = [], threading.Lock()

            def sender(base):
                for i in range(60):
                    order_id = base + i
                    try:
                        r = daemon.post("/aifi/checkout", checkout(order_id, "completed"))
                    except OSError:
                        return
                    if r.status == 200:
                        with lock:
                            acknowledged.append(order_id)

            threads = [threading.Thread(target=sender, args=(100000 * (t + 1),)) for t in range(4)]
            for t in threads:
                t.start()
            while True:
                with lock:
                    if len(acknowledged) >= 100:
                        break
                time.sleep(0.005)
            daemon.kill9()
            for t in threads:
                t.join()
            self.assertGreaterEqual(len(acknowledged), 100)

            daemon.start()
            stored = {e["orderId"] for e in daemon.all_events() if e["kind"] == "checkout"}
            missing = sorted(set(acknowledged) - stored)
            self.assertEqual(missing, [], f"{len(missing)} acknowledged webhooks lost")
            self.assertEqual(daemon.post("/aifi/checkout", checkout(999, "completed")).status, 200)
            for order_id in acknowledged[:5]:
                self.assertEqual(daemon.get_json(f"/api/orders/{order_id}")["status"], "completed")
        finally:
            daemon.cleanup()


if __name__ == "__main__":
    main()
