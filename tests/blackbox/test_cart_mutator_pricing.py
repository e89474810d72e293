"""The cart mutator with the store's rules file, on the real daemon: prices, reload, repeats."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

from harness import LANECASTD, Daemon, cart_item, cents, checkout, main, mutator_request

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packaging", "examples")


def german_cart(order_id, status="draft", time_of_origin="2026-11-25T11:00:00Z"):
    body = mutator_request(order_id, status=status)
    body["timeOfOrigin"] = time_of_origin
    body["cart"] = [cart_item("4001", "Cola 0,5 l", 1.49, 2, tax_code="A", category="Getränke"),
                    cart_item("4002", "Roggenbrot", 3.99, 1, tax_code="B", category="Backwaren")]
    return body


def line_total(item):
    """An answered line's total in cents: unit price x quantity, the price read exactly."""
    return cents(json.dumps(item["price"])) * item["quantity"]


class AStoreWithPricingRules(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="lanecast-pricing-")
        self.rules = os.path.join(self.workdir, "pricing.json")
        shutil.copy(os.path.join(EXAMPLES, "pricing-de.json"), self.rules)
        self.daemon = Daemon(workdir=self.workdir, extra_args=["--set", f"pricing.rules_file={self.rules}"]).start()

    def tearDown(self):
        self.daemon.cleanup()

    def mutate(self, body):
        r = self.daemon.post("/aifi/cart-mutator", body)
        self.assertEqual(r.status, 200, r)
        return r

    def test_adds_vat_lines_and_bottle_deposits_and_totals_that_agree_with_the_lines(self):
        answer = self.mutate(german_cart(5001)).json()
        cart = answer["cart"]
        deposits = [i for i in cart if i["externalId"].startswith("lanecast-pfand")]
        self.assertEqual(len(deposits), 1, cart)
        self.assertEqual(deposits[0]["quantity"], 2)
        self.assertEqual(sum(line_total(i) for i in cart), cents(answer["totalPrice"]))
        self.assertEqual(sum(cents(t["amount"]) for i in cart for t in i["taxLines"]), cents(answer["totalTax"]))
        self.assertEqual(cents(answer["totalPrice"]) - cents(answer["totalTax"]), cents(answer["subtotalPrice"]))
        # 2 x 1.49 cola + 2 x 0.25 deposit + 3.99 bread, VAT included: 19 % of 2.98 and 0.50, 7 % of 3.99.
        self.assertEqual((answer["totalPrice"], answer["totalTax"], answer["subtotalPrice"]), ("7.47", "0.82", "6.65"))
        self.assertEqual(answer["orderId"], 5001)
        self.assertIn("session", answer)
        # The answer is kept with its rules' version and timing, for the staff and lanecastctl.
        done = checkout(5001, "completed", total="7.47", tax="0.82")
        self.assertEqual(self.daemon.post("/aifi/checkout", done).status, 200)
        order = self.daemon.get_json("/api/orders/5001")
        self.assertEqual(len(order["mutations"]), 1, order)
        mutation = order["mutations"][0]
        self.assertRegex(mutation["rulesVersion"], r"^[0-9a-f]{64}$")
        self.assertEqual((mutation["fellBack"], mutation["totalPrice"], mutation["totalTax"]), (False, "7.47", "0.82"))
        self.assertGreater(mutation["durationUs"], 0)
        recent = self.daemon.get_json("/api/orders?limit=5")["orders"]
        self.assertEqual([o["orderId"] for o in recent], [5001])

    def test_answers_a_repeated_request_byte_for_byte_even_after_the_rules_changed(self):
        body = german_cart(5002)
        first = self.mutate(body)
        rules = json.load(open(self.rules, encoding="utf-8"))
        rules["deposits"][0]["price"] = "0.15"
        with open(self.rules, "w", encoding="utf-8") as f:
            json.dump(rules, f)
        self.daemon.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        # First the reload must have begun, then its rules line must follow it.
        while ("reloading the configuration" not in self.daemon.logs()
               or "pricing rules" not in self.daemon.logs().split("reloading the configuration")[-1]):
            self.assertLess(time.monotonic(), deadline, self.daemon.logs())
            time.sleep(0.05)
        again = self.mutate(body)
        self.assertEqual(first.body, again.body)
        fresh = self.mutate(german_cart(5003)).json()
        self.assertEqual(fresh["totalPrice"], "7.27")  # the new 0.15 deposit

    def test_prices_large_carts_beside_checkouts_as_it_prices_small_ones(self):
        # Bodies of 8 KiB and more are read and priced on the intake threads, smaller ones on
        # the HTTP thread; both at once, and the two ways agree line for line.
        def big_cart(order_id):
            body = german_cart(order_id)
            body["cart"] = [cart_item(f"40{i:02d}", f"Cola 0,5 l #{i}", 1.49, 2, tax_code="A",
                                      category="Getränke") for i in range(40)]
            return body

        self.assertGreater(len(json.dumps(big_cart(1)).encode()), 8 * 1024)
        small = self.mutate(german_cart(5100)).json()
        small_cola = small["cart"][0]
        results = {}

        def post_carts(first):
            for order_id in range(first, first + 5):
                r = self.daemon.post("/aifi/cart-mutator", big_cart(order_id))
                results[order_id] = (r.status, r.body)

        def post_checkouts(first):
            for order_id in range(first, first + 10):
                results[order_id] = (self.daemon.post("/aifi/checkout", checkout(order_id)).status, "")

        threads = [threading.Thread(target=post_carts, args=(5200 + 10 * i,)) for i in range(4)]
        threads += [threading.Thread(target=post_checkouts, args=(6200 + 10 * i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(len(results), 60)
        self.assertEqual({status for status, _ in results.values()}, {200}, results)
        for order_id in range(5200, 5240):
            if order_id % 10 >= 5:
                continue
            answer = json.loads(results[order_id][1])
            self.assertEqual(answer["orderId"], order_id)
            colas = [i for i in answer["cart"] if i["externalId"].startswith("40")]
            self.assertEqual(len(colas), 40)
            for cola in colas:
                self.assertEqual((cola["price"], cola["taxLines"]), (small_cola["price"], small_cola["taxLines"]))
            deposits = [i for i in answer["cart"] if i["externalId"].startswith("lanecast-pfand")]
            self.assertEqual(sum(d["quantity"] for d in deposits), 80, deposits)
            self.assertEqual(sum(line_total(i) for i in answer["cart"]), cents(answer["totalPrice"]))
            # A redelivery is answered from the journal, byte for byte.
            self.assertEqual(self.mutate(big_cart(order_id)).body, results[order_id][1])
        self.assertEqual(self.daemon.get_json("/api/orders/6235")["orderId"], 6235)

    def test_keeps_the_previous_rules_when_a_reload_finds_a_broken_file(self):
        with open(self.rules, "w") as f:
            f.write('{"format": "lanecast-pricing/1", "taxes": {"X": {"rate": "abc"}}}')
        self.daemon.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while "keeping the previous pricing rules" not in self.daemon.logs():
            self.assertLess(time.monotonic(), deadline, self.daemon.logs())
            time.sleep(0.05)
        self.assertIn("pricing.json", self.daemon.logs().split("keeping the previous pricing rules")[-1])
        self.assertEqual(self.mutate(german_cart(5004)).json()["totalPrice"], "7.47")


class ACompletedOrderWithoutTheMutation(unittest.TestCase):
    def test_raises_a_staff_alert(self):
        workdir = tempfile.mkdtemp(prefix="lanecast-pricing-")
        rules = os.path.join(EXAMPLES, "pricing-de.json")
        with Daemon(workdir=workdir, extra_args=["--set", f"pricing.rules_file={rules}"]) as daemon:
            self.assertEqual(daemon.post("/aifi/cart-mutator", german_cart(6001)).status, 200)  # answered 7.47
            skipped = checkout(6001, "completed", total="6.97", tax="0.56")  # AiFi charged the raw cart
            self.assertEqual(daemon.post("/aifi/checkout", skipped).status, 200)
            # Alerts reach the screens just after the answer, on the screens' own thread.
            deadline = time.monotonic() + 5
            while True:
                alerts = daemon.get_json("/api/alerts")["alerts"]
                kinds = [a["kind"] for a in alerts if a["order_id"] == 6001]
                if kinds or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            self.assertEqual(kinds, ["mutation_skipped"])
            honoured = checkout(6002, "completed", total="7.47", tax="0.82")
            daemon.post("/aifi/cart-mutator", german_cart(6002))
            daemon.post("/aifi/checkout", honoured)
            time.sleep(0.3)
            alerts = daemon.get_json("/api/alerts")["alerts"]
            self.assertEqual([a for a in alerts if a["order_id"] == 6002], [])
        shutil.rmtree(workdir, ignore_errors=True)


class AStoreWithABrokenRulesFile(unittest.TestCase):
    def test_does_not_start_and_says_which_file_and_field(self):
        workdir = tempfile.mkdtemp(prefix="lanecast-pricing-")
        try:
            rules = os.path.join(workdir, "pricing.json")
            text = open(os.path.join(EXAMPLES, "pricing-de.json"), encoding="utf-8").read()
            with open(rules, "w", encoding="utf-8") as f:
                f.write(text.replace('"rounding": "half-up"', '"rounding": "sideways"'))
            daemon = Daemon(workdir=workdir, extra_args=["--set", f"pricing.rules_file={rules}"])
            daemon.start(wait=False)
            self.assertNotEqual(daemon.process.wait(timeout=15), 0)
            self.assertIn("pricing.json", daemon.logs())
            self.assertIn("$.store.rounding", daemon.logs())
            check = subprocess.run([LANECASTD, "--config-dir", workdir, "--check-config"],
                                   capture_output=True, text=True, timeout=30)
            self.assertEqual(check.returncode, 78, check)
            self.assertIn("$.store.rounding", check.stderr)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
