"""Hostile and broken webhook bodies, from tests/hostile/bodies.json (each with the status, error
code and detail it must get) plus a few too large to keep as files. Afterwards the daemon still
serves, what was refused left no trace and what was accepted is stored byte for byte."""

import collections
import json
import os
import time
import unittest

from harness import GERMAN_RULES, REPO_ROOT, Daemon, main

CORPUS = os.path.join(REPO_ROOT, "tests", "hostile")
ENDPOINTS = {
    "checkout": "/aifi/checkout",
    "cart-mutator": "/aifi/cart-mutator",
    "entered": "/aifi/checkout-zone/entered",
    "left": "/aifi/checkout-zone/left",
}


def corpus_requests():
    """(label, path, body, status, error, detail fragment) for every manifest entry and endpoint."""
    with open(os.path.join(CORPUS, "bodies.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    for case in manifest:
        with open(os.path.join(CORPUS, "bodies", case["file"]), "rb") as f:
            body = f.read()
        targets = list(ENDPOINTS) if case["to"] == "all" else case["to"]
        for target in targets:
            yield (f"{case['file']} -> {target}", ENDPOINTS[target], body, case["status"], case["error"],
                   case["detail"])


def large_requests():
    """Bodies too big to keep in the repository, built here."""
    head = '{"orderId": %d, "status": "completed"'
    line = '{"price": 1, "quantity": 1}'
    wide = ", ".join(f'"k{i}": 0' for i in range(100_000))
    yield ("100,000 open brackets", "/aifi/checkout", ("[" * 100_000).join(['{"a": ', "}"]).encode(),
           400, "invalid_body", "nesting deeper than 32 levels")
    yield ("10,000 nested objects", "/aifi/checkout", ('{"a":' * 10_000 + "1" + "}" * 10_000).encode(),
           400, "invalid_body", "nesting deeper than 32 levels")
    yield ("10,001 cart lines", "/aifi/checkout", ((head % 1) + ', "cart": [' + ",".join([line] * 10_001) + "]}").encode(),
           400, "invalid_body", "cart: more than 10000 lines")
    yield ("10,000 cart lines", "/aifi/checkout", ((head % 7101) + ', "cart": [' + ",".join([line] * 10_000) + "]}").encode(),
           200, None, None)
    yield ("a string of 64 KiB + 1", "/aifi/checkout", ((head % 1) + ', "x": "' + "a" * 65_537 + '"}').encode(),
           400, "invalid_body", "string longer than 65536 bytes at $.x")
    yield ("a string of exactly 64 KiB", "/aifi/checkout", ((head % 7102) + ', "x": "' + "a" * 65_536 + '"}').encode(),
           200, None, None)
    yield ("a key of 64 KiB + 1", "/aifi/checkout", ((head % 1) + ', "' + "k" * 65_537 + '": 1}').encode(),
           400, "invalid_body", "key longer than 65536 bytes")
    yield ("100,000 members, the last a duplicate", "/aifi/checkout",
           ((head % 1) + ', "m": {' + wide + ', "k99999": 1}}').encode(), 400, "invalid_body", "duplicate key 'k99999'")
    yield ("1 MiB of leading whitespace", "/aifi/checkout", (" " * (1 << 20) + (head % 7103) + "}").encode(),
           200, None, None)
    yield ("200,000 numbers in an unknown field", "/aifi/checkout",
           ((head % 7104) + ', "x": [' + ",".join(["1.5e-3"] * 200_000) + "]}").encode(), 200, None, None)


class TheHostileBodyCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # With the German rules, cart-mutator bodies go through the real pricing too.
        cls.daemon = Daemon(extra_args=["--set", f"pricing.rules_file={GERMAN_RULES}"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def test_gets_the_expected_answers_and_stores_exactly_what_it_accepted(self):
        daemon = self.daemon
        before = {e["seq"] for e in daemon.all_events()}
        accepted, answered = [], collections.Counter()
        requests = list(corpus_requests()) + list(large_requests())
        self.assertGreaterEqual(len(requests), 100)
        for label, path, body, status, error, detail in requests:
            with self.subTest(label):
                started = time.monotonic()
                r = daemon.post(path, body)
                self.assertLess(time.monotonic() - started, 5, "too slow to answer")
                answered[r.status] += 1
                self.assertEqual(r.status, status, r)
                if status == 200:
                    accepted.append(body.decode("utf-8"))
                    continue
                answer = r.json()
                self.assertEqual(answer["error"], error, r)
                self.assertIn(detail, answer["detail"], r)

        self.assertEqual(daemon.request("GET", "/healthz").json()["status"], "ok")
        stored = [e["body"] for e in daemon.all_events() if e["seq"] not in before]
        self.assertEqual(len(stored), len(accepted), "stored events do not match the accepted requests")
        self.assertEqual(collections.Counter(stored), collections.Counter(accepted))
        print(f"\n{len(requests)} hostile bodies: answers {dict(answered)}; {len(accepted)} accepted "
              f"and stored byte for byte, nothing refused stored")


if __name__ == "__main__":
    main()
