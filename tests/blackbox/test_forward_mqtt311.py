"""The forwarder against a broker that speaks only MQTT 3.1.1: it refuses the MQTT 5 CONNECT
with 3.1.1's "unacceptable protocol version", and the forwarder falls back and delivers.
mosquitto speaks MQTT 5, so the broker here is a minimal 3.1.1 one written for this test:
CONNECT, CONNACK, PUBLISH at QoS 1, PUBACK, PINGREQ, DISCONNECT; nothing else."""

import json
import socket
import threading
import unittest

from harness import Daemon, checkout, main
from mqtt import forward_args, metric, wait_for


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_packet(conn):
    header = read_exact(conn, 1)[0]
    length, shift = 0, 0
    while True:
        byte = read_exact(conn, 1)[0]
        length |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return header, read_exact(conn, length)


class Mqtt311Broker:
    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.levels = []        # protocol level of every CONNECT
        self.published = []     # (topic, payload) of every QoS 1 PUBLISH
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            with conn:
                header, body = read_packet(conn)
                assert header >> 4 == 1, "CONNECT first"
                name_length = int.from_bytes(body[0:2], "big")
                level = body[2 + name_length]
                with self.lock:
                    self.levels.append(level)
                if level != 4:
                    conn.sendall(bytes([0x20, 0x02, 0x00, 0x01]))  # unacceptable protocol version
                    return
                conn.sendall(bytes([0x20, 0x02, 0x00, 0x00]))
                while True:
                    header, body = read_packet(conn)
                    kind = header >> 4
                    if kind == 3:
                        topic_length = int.from_bytes(body[0:2], "big")
                        topic = body[2:2 + topic_length].decode()
                        qos = (header >> 1) & 3
                        rest = body[2 + topic_length:]
                        if qos:
                            mid, rest = rest[:2], rest[2:]
                            conn.sendall(bytes([0x40, 0x02]) + mid)
                        with self.lock:
                            self.published.append((topic, rest.decode()))
                    elif kind == 12:
                        conn.sendall(bytes([0xD0, 0x00]))
                    elif kind == 14:
                        return
        except (ConnectionError, OSError):
            return

    def close(self):
        self.listener.close()


class AnMqtt311Broker(unittest.TestCase):
    def test_gets_the_events_after_refusing_mqtt_5(self):
        broker = Mqtt311Broker()
        self.addCleanup(broker.close)
        d = Daemon(extra_args=forward_args(f"mqtt://127.0.0.1:{broker.port}", store="old-broker"))
        d.start()
        self.addCleanup(d.cleanup)
        for i in range(3):
            self.assertEqual(d.post("/aifi/checkout", checkout(900 + i, session=f"s-{i}")).status, 200)
        wait_for("the cursor at 3", lambda: metric(d, "lanecast_forward_cursor_sequence") == 3)
        self.assertEqual(broker.levels[:2], [5, 4])
        self.assertEqual(d.get_json("/healthz")["forward"]["protocol"], "MQTT 3.1.1")
        events = [json.loads(p) for t, p in broker.published if t.endswith("/checkout")]
        self.assertEqual([e["sequence"] for e in events], [1, 2, 3])
        self.assertEqual(events[0]["id"], "old-broker-1")


if __name__ == "__main__":
    main()
