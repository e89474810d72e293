"""Every webhook route, every status code, against the real daemon."""

import http.client
import json
import socket
import unittest

from harness import (TOKEN, Daemon, checkout, fixture, main, mutator_request, zone_event)


class AWebhookDaemon(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", "http.max_body_bytes=65536"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def assertError(self, response, status, error):
        self.assertEqual(response.status, status, response)
        body = response.json()
        self.assertEqual(body["error"], error, body)
        self.assertTrue(body["detail"], body)
        return body

    # --- accepted -------------------------------------------------------------------------------
    def test_answers_a_checkout_with_a_stable_external_id_and_the_payment_echoed(self):
        r = self.daemon.post("/aifi/checkout", checkout(1001, "completed"))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"externalId": "LC-1001",
                                    "payment": {"paymentStatus": "success",
                                                "paymentTransactionIds": ["tx-1001-completed"]}})
        again = self.daemon.post("/aifi/checkout", checkout(1001, "reviewed"))
        self.assertEqual(again.json()["externalId"], "LC-1001")

    def test_accepts_the_reference_checkout_example_as_is(self):
        r = self.daemon.post("/aifi/checkout", fixture("checkout-reference-example.json"))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["externalId"], "LC-0")

    def test_answers_zone_events_with_an_empty_object(self):
        for path in ("/aifi/checkout-zone/entered", "/aifi/checkout-zone/left"):
            r = self.daemon.post(path, zone_event(zone="7", session="zone-sess"))
            self.assertEqual((r.status, r.json()), (200, {}), r)

    def test_accepts_the_legacy_zone_payload_with_an_integer_zone(self):
        r = self.daemon.post("/aifi/checkout-zone/entered", fixture("checkout-zone-entered-legacy.json"))
        self.assertEqual((r.status, r.json()), (200, {}), r)

    def test_answers_the_cart_mutator_with_a_valid_mutation_of_the_request(self):
        request = mutator_request(2001)
        r = self.daemon.post("/aifi/cart-mutator", request)
        self.assertEqual(r.status, 200, r)
        answer = r.json()
        self.assertEqual(answer["orderId"], 2001)
        self.assertEqual([i["id"] for i in answer["cart"]], [i["id"] for i in request["cart"]])
        for key in ("totalPrice", "totalTax", "subtotalPrice", "session", "payment"):
            self.assertIn(key, answer)

    def test_accepts_json_with_a_charset_parameter(self):
        r = self.daemon.post("/aifi/checkout", checkout(1002), content_type="application/json; charset=utf-8")
        self.assertEqual(r.status, 200, r)

    # --- rejected -------------------------------------------------------------------------------
    def test_rejects_malformed_json_with_400(self):
        r = self.daemon.post("/aifi/checkout", '{"orderId": 5, "status": "draft"')
        self.assertError(r, 400, "invalid_body")

    def test_rejects_trailing_garbage_with_400(self):
        r = self.daemon.post("/aifi/checkout", json.dumps(checkout(1003)) + " x")
        self.assertError(r, 400, "invalid_body")

    def test_names_the_field_with_the_wrong_type(self):
        body = checkout(1004)
        body["orderId"] = "not-a-number"
        detail = self.assertError(self.daemon.post("/aifi/checkout", body), 400, "invalid_body")["detail"]
        self.assertIn("orderId", detail)
        body = checkout(1005)
        body["cart"][1]["quantity"] = "two"
        detail = self.assertError(self.daemon.post("/aifi/checkout", body), 400, "invalid_body")["detail"]
        self.assertIn("cart[1].quantity", detail)

    def test_rejects_an_unknown_status(self):
        r = self.daemon.post("/aifi/checkout", checkout(1006, status="paid"))
        self.assertIn("status", self.assertError(r, 400, "invalid_body")["detail"])

    def test_rejects_a_zone_event_without_a_zone(self):
        body = zone_event()
        del body["checkoutZoneId"]
        r = self.daemon.post("/aifi/checkout-zone/entered", body)
        self.assertIn("checkoutZoneId", self.assertError(r, 400, "invalid_body")["detail"])

    def test_answers_404_for_an_unknown_path(self):
        self.assertError(self.daemon.post("/aifi/tracking", {"a": 1}), 404, "not_found")
        self.assertError(self.daemon.request("GET", "/nothing/here"), 404, "not_found")

    def test_answers_405_with_allow_for_a_wrong_method(self):
        r = self.daemon.request("GET", "/aifi/checkout")
        self.assertError(r, 405, "method_not_allowed")
        self.assertEqual(r.header("Allow"), "POST")
        r = self.daemon.request("DELETE", "/healthz")
        self.assertError(r, 405, "method_not_allowed")

    def test_answers_401_with_a_bearer_challenge_for_a_missing_or_wrong_token(self):
        for token in (None, "wrong-token"):
            r = self.daemon.post("/aifi/checkout", checkout(1007), token=token)
            self.assertError(r, 401, "unauthorized")
            self.assertTrue(r.header("WWW-Authenticate").startswith("Bearer"), r.headers)
        r = self.daemon.post("/aifi/checkout", checkout(1007), headers={"Authorization": "Basic " + TOKEN})
        self.assertError(r, 401, "unauthorized")

    def test_answers_415_when_the_body_is_not_json(self):
        r = self.daemon.post("/aifi/checkout", "orderId=5", content_type="application/x-www-form-urlencoded")
        self.assertError(r, 415, "unsupported_media_type")
        r = self.daemon.post("/aifi/checkout", json.dumps(checkout(1008)), content_type=None)
        self.assertError(r, 415, "unsupported_media_type")

    def raw_exchange(self, raw, timeout=5):
        with socket.create_connection(("127.0.0.1", self.daemon.port), timeout=timeout) as s:
            s.sendall(raw)
            s.shutdown(socket.SHUT_WR)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ")[1])
        return status, body

    def test_answers_411_without_a_length(self):
        raw = (b"POST /aifi/checkout HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Authorization: Bearer " + TOKEN.encode() + b"\r\nConnection: close\r\n\r\n")
        status, body = self.raw_exchange(raw)
        self.assertEqual(status, 411, body)
        self.assertEqual(json.loads(body)["error"], "length_required")

    def test_answers_413_for_a_declared_length_over_the_cap(self):
        r = self.daemon.post("/aifi/checkout", "x" * 70000)
        self.assertError(r, 413, "body_too_large")

    def test_answers_413_for_a_chunked_body_that_grows_over_the_cap(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=10)
        chunks = (b'{"pad": "' + b"y" * 8192 for _ in range(12))
        conn.request("POST", "/aifi/checkout", body=chunks, encode_chunked=True,
                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + TOKEN,
                              "Transfer-Encoding": "chunked"})
        r = conn.getresponse()
        self.assertEqual(r.status, 413)
        self.assertEqual(json.loads(r.read())["error"], "body_too_large")

    def test_accepts_a_chunked_body_under_the_cap(self):
        payload = json.dumps(checkout(1009)).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.daemon.port, timeout=10)
        conn.request("POST", "/aifi/checkout", body=iter([payload[:100], payload[100:]]), encode_chunked=True,
                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + TOKEN,
                              "Transfer-Encoding": "chunked"})
        r = conn.getresponse()
        self.assertEqual(r.status, 200)
        self.assertEqual(json.loads(r.read())["externalId"], "LC-1009")

    def test_rejects_an_empty_body(self):
        self.assertError(self.daemon.post("/aifi/checkout", ""), 400, "invalid_body")

    # --- read API and health -------------------------------------------------------------------
    def test_reports_health_with_version_and_database_state(self):
        health = self.daemon.get_json("/healthz")
        self.assertEqual(health["status"], "ok")
        self.assertEqual(health["database"]["state"], "ok")
        self.assertGreater(health["database"]["sizeBytes"], 4096)
        self.assertEqual(health["screens"]["connectedStreams"], 0)
        self.assertRegex(health["version"], r"^\d+\.\d+\.\d+")
        self.assertIn("checkout", health["webhooks"])

    def test_serves_an_order_with_totals_as_decimal_strings(self):
        self.daemon.post("/aifi/checkout", checkout(1010, "completed", total="20.05", tax="1.31"))
        order = self.daemon.get_json("/api/orders/1010")
        self.assertEqual((order["orderId"], order["status"], order["externalId"]), (1010, "completed", "LC-1010"))
        self.assertEqual((order["totalPrice"], order["totalTax"], order["subtotalPrice"]), ("20.05", "1.31", "18.74"))
        self.assertEqual(len(order["revisions"]), 1)

    def test_answers_404_for_an_unknown_order_and_400_for_a_bad_id(self):
        self.assertError(self.daemon.request("GET", "/api/orders/999999"), 404, "order_not_found")
        self.assertError(self.daemon.request("GET", "/api/orders/abc"), 400, "invalid_order_id")

    def test_rejects_bad_event_paging(self):
        self.assertError(self.daemon.request("GET", "/api/events?limit=0"), 400, "invalid_query")
        self.assertError(self.daemon.request("GET", "/api/events?after=-1"), 400, "invalid_query")

    def test_keeps_serving_after_every_kind_of_rejection(self):
        self.daemon.post("/aifi/checkout", "\xff\xfe")
        self.daemon.post("/aifi/checkout", "[" * 100000)
        self.assertEqual(self.daemon.post("/aifi/checkout", checkout(1011)).status, 200)


if __name__ == "__main__":
    main()
