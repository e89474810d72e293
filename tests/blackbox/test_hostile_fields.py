"""Every field of every webhook fixture, replaced by values of every other JSON type.

A field lanecast reads and gets in the wrong type is refused with 400 `invalid_body` whose detail
starts with that field's path; a field it does not read is ignored and the webhook accepted.
Which fields are read, and as what, is written down below from docs/webhooks.md and
daemon/webhooks/parser.h: the test is the contract, the daemon has to meet it."""

import collections
import copy
import json
import unittest

from harness import GERMAN_RULES, Daemon, fixture, main

# What a field is read as, and which replacement values it takes without complaint.
CANDIDATES = {"str": "x", "int": 7, "float": 1.5, "bool": True, "array": [], "object": {}, "null": None}
TEXT, INT, MONEY, TAX_AMOUNT, TIME, STATUS, TEXT_OR_NUMBER, TEXT_OR_INT, TEXTS, TEXT_OR_TEXTS, BOOL, \
    OBJECT, ARRAY, LINE, TAX_LINE, TEXT_ELEMENT = range(16)
ACCEPTS = {
    TEXT: {"str"}, INT: {"int"}, MONEY: {"int", "float"}, TAX_AMOUNT: {"str", "int", "float"},
    TIME: set(), STATUS: set(), TEXT_OR_NUMBER: {"str", "int", "float"}, TEXT_OR_INT: {"str", "int"},
    TEXTS: {"array"}, TEXT_OR_TEXTS: {"str", "array"}, BOOL: {"bool"}, OBJECT: {"object"},
    ARRAY: {"array"}, LINE: set(),  # {} is an object, but a line without a quantity
    TAX_LINE: {"object"}, TEXT_ELEMENT: {"str"},
}
# null counts as absent: fine for optional fields, refused where something is required.
NULL_REFUSED = {LINE, TAX_LINE, TEXT_ELEMENT}

ENVELOPE = {
    "sessionId": TEXT, "sessionToken": TEXT, "session": OBJECT, "session.sessionId": TEXT,
    "customer": OBJECT, "customer.id": TEXT, "customer.role": TEXT, "storeId": INT,
    "storeExternalId": TEXT, "timeOfOrigin": TIME, "timeOfIssue": TIME,
    # store.oasisApiStoreId is only read when storeId is absent; the fixtures all have storeId.
}
CART = {
    "cart": ARRAY, "cart[0]": LINE, "cart[0].id": TEXT, "cart[0].externalId": TEXT, "cart[0].name": TEXT,
    "cart[0].barcode": TEXT, "cart[0].category": TEXT, "cart[0].sku": TEXT, "cart[0].productId": INT,
    "cart[0].quantity": INT, "cart[0].price": MONEY, "cart[0].productSnapshot": OBJECT,
    "cart[0].productSnapshot.taxCode": TEXT, "cart[0].taxLines": ARRAY, "cart[0].taxLines[0]": TAX_LINE,
    "cart[0].taxLines[0].taxId": TEXT, "cart[0].taxLines[0].title": TEXT,
    "cart[0].taxLines[0].rate": TEXT_OR_NUMBER, "cart[0].taxLines[0].amount": TAX_AMOUNT,
    # productSnapshot.price is only read when the line has no price; the fixtures' lines have one.
}
ORDER = {
    "orderId": INT, "status": STATUS, "totalPrice": MONEY, "totalTax": MONEY, "subtotalPrice": MONEY,
    "payment": OBJECT, "payment.paymentProvider": TEXT, "payment.paymentStatus": TEXT,
    "payment.paymentTransactionIds": TEXTS, "payment.paymentTransactionIds[0]": TEXT_ELEMENT,
}
ZONE = {
    "checkoutZoneId": TEXT_OR_INT, "shopper": OBJECT, "shopper.shopperId": TEXT_OR_INT,
    "shopper.shopperFlags": TEXT_OR_TEXTS, "specialAttention": BOOL, "shoppingSessionFlags": TEXT_OR_TEXTS,
}
REQUIRED = {"orderId", "status", "checkoutZoneId", "cart[0].quantity"}
# A line's price set to null sends the parser to productSnapshot.price, which the reference
# shapes fill with the placeholder "string": refused, under that path.
NULL_FALLS_BACK = {"cart[0].price": "cart[0].productSnapshot.price"}

# (fixture, path, fields read, fields the fixture lacks that are added to it first)
WEBHOOKS = [
    ("checkout-reference-example.json", "/aifi/checkout", {**ENVELOPE, **ORDER, **CART, "amount": MONEY},
     {"sessionToken": "t"}),
    ("cart-mutator-reference-shape.json", "/aifi/cart-mutator",
     {**ENVELOPE, **ORDER, **CART, "reviewedTotalPrice": MONEY}, {"sessionToken": "t", "reviewedTotalPrice": "10.99"}),
    ("checkout-zone-entered-reference-shape.json", "/aifi/checkout-zone/entered", {**ENVELOPE, **ZONE, **CART},
     {"sessionToken": "t"}),
    ("checkout-zone-entered-legacy.json", "/aifi/checkout-zone/left",
     {**{k: v for k, v in ENVELOPE.items() if k not in ("session", "session.sessionId")}, **ZONE,
      "shopper.shopperFlags[0]": TEXT_ELEMENT, "shoppingSessionFlags[0]": TEXT_ELEMENT},
     {"sessionToken": "t", "shopper": {"shopperId": 5, "shopperFlags": ["AGE_CHECK"]},
      "shoppingSessionFlags": ["LOYAL"]}),
]


def nodes(value, path=""):
    """(path, parent, key) for every member and first array element, depth first."""
    children = value.items() if isinstance(value, dict) else enumerate(value[:1]) if isinstance(value, list) else []
    for key, child in children:
        child_path = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        yield child_path, value, key
        yield from nodes(child, child_path)


def expectation(path, kind, candidate):
    """(status, path the detail must start with) for `candidate` at a field read as `kind`."""
    if kind is None:
        return 200, None
    if candidate == "null":
        if path in NULL_FALLS_BACK:
            return 400, NULL_FALLS_BACK[path]
        return (400, path) if path in REQUIRED or kind in NULL_REFUSED else (200, None)
    return (200, None) if candidate in ACCEPTS[kind] else (400, path)


def variants(base, fields, serial):
    """Every replacement for every field of `base`, each body with ids of its own."""
    for path, _, _ in list(nodes(base)):
        kind = fields.get(path)
        for candidate in (CANDIDATES if kind is not None else ["object"]):
            if candidate == type_of(lookup(base, path)):
                continue
            body = copy.deepcopy(base)
            unique = next(serial)
            if "orderId" in body:
                body["orderId"] = unique
            for holder in (body, body.get("session")):
                if isinstance(holder, dict) and "sessionId" in holder:
                    holder["sessionId"] = f"fields-{unique}"
            parent, key = locate(body, path)
            parent[key] = copy.deepcopy(CANDIDATES[candidate])
            yield path, candidate, body, expectation(path, kind, candidate)


def lookup(value, path):
    parent, key = locate(value, path)
    return parent[key]


def locate(value, path):
    for child_path, parent, key in nodes(value):
        if child_path == path:
            return parent, key
    raise KeyError(path)


def type_of(value):
    for name, sample in CANDIDATES.items():
        if type(value) is type(sample):
            return name
    return None


class EveryFieldWithTheWrongType(unittest.TestCase):
    def test_is_refused_naming_it_when_read_and_ignored_when_not(self):
        serial = iter(range(800_000, 900_000))
        with Daemon(extra_args=["--set", f"pricing.rules_file={GERMAN_RULES}"]) as daemon:
            before = {e["seq"] for e in daemon.all_events()}
            accepted, outcomes = [], collections.Counter()
            for name, path, fields, additions in WEBHOOKS:
                base = {**fixture(name), **additions}
                # Every field listed must be in the body, or the table has drifted from it.
                self.assertEqual(set(fields) - {p for p, _, _ in nodes(base)}, set(), name)
                for field, candidate, body, (status, detail_path) in variants(base, fields, serial):
                    with self.subTest(webhook=name, field=field, value=candidate):
                        data = json.dumps(body).encode()
                        r = daemon.post(path, data)
                        outcomes[(r.status, "read" if field in fields else "ignored")] += 1
                        self.assertEqual(r.status, status, r)
                        if status == 200:
                            accepted.append(data.decode())
                            continue
                        answer = r.json()
                        self.assertEqual(answer["error"], "invalid_body")
                        self.assertTrue(answer["detail"].startswith(detail_path), answer["detail"])
                        self.assertIn(answer["detail"][len(detail_path)], ":.[", answer["detail"])

            self.assertEqual(daemon.request("GET", "/healthz").json()["status"], "ok")
            stored = [e["body"] for e in daemon.all_events() if e["seq"] not in before]
            self.assertEqual(collections.Counter(stored), collections.Counter(accepted))
            total = sum(outcomes.values())
            self.assertGreater(total, 400)
            print(f"\n{total} bodies with one field replaced: {dict(outcomes)}; "
                  f"{len(accepted)} accepted and stored, nothing refused stored")


if __name__ == "__main__":
    main()
