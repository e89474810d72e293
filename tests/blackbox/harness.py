"""Black-box harness: starts the real lanecastd on a free loopback port with a temporary
database and talks HTTP to it with a real client (http.client). Standard library only."""

import copy
import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

LANECASTD = os.environ.get("LANECASTD", "lanecastd")
FIXTURES = os.environ.get("LANECAST_FIXTURES", os.path.join(os.path.dirname(__file__), "..", "fixtures"))
TOKEN = "test-token-0123456789abcdef"


def free_port():
    return free_ports(1)[0]


def free_ports(count):
    """`count` different free loopback ports: all are held while picking, so two calls in a row
    cannot hand out the same one."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_until(condition, timeout, message):
    """Polls `condition` until it is true and returns its value; fails with `message` (a
    string, or a function giving one, such as the daemon's log) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(0.05)


def small_tmpfs(test, size, prefix):
    """A tmpfs of `size` ("3m") mounted for one test, unmounted and removed after it; the test
    fails, saying why, where it cannot be mounted (it needs root)."""
    mount = tempfile.mkdtemp(prefix=prefix)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mount],
                            capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(mount, ignore_errors=True)
        test.fail(f"this test needs root to mount a small tmpfs: {result.stderr.strip()}")
    test.addCleanup(shutil.rmtree, mount, ignore_errors=True)
    test.addCleanup(subprocess.run, ["umount", "-l", mount])
    return mount


_zstd = None


def stored_bytes(data, compressed):
    """A body or answer as the journal keeps it, back as bytes: events.compressed = 1 rows hold
    zstd frames (storage/compression.h), read here through libzstd, the library the daemon
    uses, since Python has no zstd of its own."""
    global _zstd
    data = data if isinstance(data, bytes) else data.encode()
    if not compressed or not data:
        return data
    if _zstd is None:
        _zstd = ctypes.CDLL("libzstd.so.1")
        _zstd.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
        _zstd.ZSTD_getFrameContentSize.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
        _zstd.ZSTD_decompress.restype = ctypes.c_size_t
        _zstd.ZSTD_decompress.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
        _zstd.ZSTD_isError.argtypes = [ctypes.c_size_t]
    size = _zstd.ZSTD_getFrameContentSize(data, len(data))
    if size >= 2**63:
        raise ValueError("not a zstd frame of known size")
    out = ctypes.create_string_buffer(max(size, 1))
    got = _zstd.ZSTD_decompress(out, size, data, len(data))
    if _zstd.ZSTD_isError(got) or got != size:
        raise ValueError("a stored frame does not decompress")
    return out.raw[:size]


def read_log(path):
    """A process's log as text so far, "" when it has written none."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return json.load(f)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def __repr__(self):
        return f"<Response {self.status} {self.body[:300]!r}>"


class Daemon:
    """One lanecastd process. Use as a context manager or call start()/stop()."""

    def __init__(self, workdir=None, token=TOKEN, extra_args=(), env=None, port=None):
        self.owns_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="lanecast-test-")
        self.port = port or free_port()
        self.token = token
        self.extra_args = list(extra_args)
        self.env = env
        self.process = None
        self.log_path = os.path.join(self.workdir, "lanecastd.log")
        self.db_path = os.path.join(self.workdir, "lanecast.db")

    def command(self):
        args = [LANECASTD, "--config-dir", os.path.join(self.workdir, "etc"),
                "--set", f"http.listen=127.0.0.1:{self.port}",
                "--set", f"storage.path={self.db_path}"]
        if self.token:
            args += ["--set", f"auth.tokens={self.token}"]
        return args + self.extra_args

    def start(self, wait=True):
        env = dict(os.environ)
        env.pop("NOTIFY_SOCKET", None)
        if self.env:
            env.update(self.env)
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command(), stdout=self.log, stderr=self.log, env=env)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"lanecastd exited with {self.process.returncode}:\n{self.logs()}")
            try:
                if self.request("GET", "/healthz", timeout=1).status in (200, 503):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"lanecastd did not become ready:\n{self.logs()}")

    def logs(self):
        return read_log(self.log_path)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.process is None or self.process.poll() is not None:
            self.close_log()
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
            self.close_log()
            return code
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"lanecastd did not stop on {sig}:\n{self.logs()}")

    def kill9(self):
        self.process.kill()
        self.process.wait()
        self.close_log()

    def close_log(self):
        if getattr(self, "log", None) is not None:
            self.log.close()
            self.log = None

    def cleanup(self):
        self.stop()
        if self.owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # --- HTTP -------------------------------------------------------------------------------
    def request(self, method, path, body=None, headers=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
            elif isinstance(body, str):
                body = body.encode()
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read().decode("utf-8", errors="replace"))
        finally:
            conn.close()

    def post(self, path, payload, token="default", content_type="application/json", headers=None):
        h = {"Content-Type": content_type} if content_type else {}
        token = self.token if token == "default" else token
        if token:
            h["Authorization"] = f"Bearer {token}"
        h.update(headers or {})
        return self.request("POST", path, payload, h)

    def get_json(self, path):
        r = self.request("GET", path)
        assert r.status == 200, r
        return r.json()

    def all_events(self):
        events, after = [], 0
        while True:
            page = self.get_json(f"/api/events?after={after}&limit=1000")
            events += page["events"]
            if not page["events"]:
                return events
            after = page["nextAfter"]


# --- Realistic payloads built on the reference shapes ------------------------------------------

def cents(text):
    """'12.49' -> 1249, exactly (two decimals)."""
    whole, _, frac = text.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int((frac + "00")[:2]))


def format_cents(value):
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d}"


def checkout(order_id, status="completed", session="sess-1", total="12.49", tax="0.82",
             payment_status="success", cart=None):
    body = fixture("checkout-reference-example.json")
    body["orderId"] = order_id
    body["status"] = status
    body["sessionId"] = session
    body["session"]["sessionId"] = session
    body["session"]["sessionToken"] = session
    body["totalPrice"] = total
    body["totalTax"] = tax
    body["subtotalPrice"] = format_cents(cents(total) - cents(tax))
    body["amount"] = json.loads(total)  # AiFi's deprecated amount is a JSON number
    body["payment"]["paymentStatus"] = payment_status
    body["payment"]["paymentTransactionIds"] = [f"tx-{order_id}-{status}"]
    body["timeOfOrigin"] = "2026-11-28T10:15:00Z"
    body["timeOfIssue"] = "2026-11-28T10:16:02.120Z"
    body["cart"] = cart if cart is not None else [cart_item("sku-cola", "Cola 0.5 l", 1.49, 2),
                                                  cart_item("sku-bread", "Sourdough bread", 3.99, 1)]
    return body


def cart_item(sku, name, price, quantity, tax_code="food", category="grocery"):
    item = copy.deepcopy(fixture("checkout-reference-example.json")["cart"][0])
    item.update({"id": f"item-{sku}", "externalId": sku, "sku": sku, "name": name,
                 "barcode": "400000" + str(abs(hash(sku)) % 10**7).zfill(7), "category": category,
                 "price": price, "quantity": quantity, "taxLines": []})
    item["productSnapshot"].update({"name": name, "price": f"{price:.2f}", "sku": sku,
                                    "externalId": sku, "taxCode": tax_code, "category": category})
    return item


def mutator_request(order_id, status="draft", session="sess-1"):
    body = fixture("cart-mutator-reference-shape.json")
    body.update({"orderId": order_id, "status": status, "sessionId": session,
                 "timeOfOrigin": "2026-11-28T10:15:00Z", "timeOfIssue": "2026-11-28T10:15:40Z",
                 "totalPrice": "6.97", "totalTax": "0.00", "subtotalPrice": "6.97"})
    body["session"]["sessionId"] = session
    body["cart"] = [cart_item("sku-cola", "Cola 0.5 l", 1.49, 2), cart_item("sku-bread", "Sourdough bread", 3.99, 1)]
    return body


def zone_event(zone="lane-1", session="sess-1", time_of_origin="2026-11-28T10:14:00Z", attention=False):
    body = fixture("checkout-zone-entered-reference-shape.json")
    body.update({"checkoutZoneId": zone, "sessionId": session, "timeOfOrigin": time_of_origin,
                 "timeOfIssue": time_of_origin, "specialAttention": attention})
    body["session"]["sessionId"] = session
    body.pop("cart", None)
    return body


# --- lanecastctl ---------------------------------------------------------------------------
# $LANECASTCTL, else the build tree's daemon/ctl/lanecastctl beside daemon/lanecastd.
LANECASTCTL = os.environ.get("LANECASTCTL") or os.path.join(
    os.path.dirname(os.path.abspath(LANECASTD)), "ctl", "lanecastctl")
REPO_ROOT = os.path.abspath(os.path.join(FIXTURES, "..", ".."))
GERMAN_RULES = os.path.join(REPO_ROOT, "packaging", "examples", "pricing-de.json")


def run_ctl(*args, timeout=120, env=None):
    """Runs lanecastctl with `args`; returns the CompletedProcess (text, both streams)."""
    full_env = dict(os.environ)
    for name in ("LANECAST_URL", "LANECAST_TOKEN", "LANECAST_STAFF_TOKEN", "LANECAST_DB"):
        full_env.pop(name, None)
    full_env.update(env or {})
    return subprocess.run([LANECASTCTL, *args], capture_output=True, text=True, timeout=timeout, env=full_env)


def ctl_json(*args, expect=0, timeout=120):
    """Runs lanecastctl with --json, checks the exit code and parses stdout."""
    done = run_ctl("--json", *args, timeout=timeout)
    assert done.returncode == expect, f"lanecastctl {args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout)


def main():
    unittest.main(verbosity=2)
