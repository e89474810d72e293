"""Request smuggling through ambiguous body framing.

A request with both Content-Length and Transfer-Encoding, or with two Content-Lengths, can be
read two ways; a proxy in front of lanecast may read it the other way than the daemon does.
RFC 9112 6.1 and 6.3: lanecast refuses such a request with 400 and closes the connection, so
bytes one reader took for body are never run as a request by the other."""

import unittest

from test_hostile_http import WEBHOOK_HEADERS, HostileHttpCase, chunked, main, request


class AmbiguousFraming(HostileHttpCase):
    def assert_refused_and_nothing_hidden_runs(self, data, hidden):
        with self.only_accepted_stored():
            answers, closed = self.send(data, linger=1.0)
            self.assertEqual([a.status for a in answers], [400], "the hidden request was answered too")
            self.assertTrue(closed, "the connection stays open after an ambiguous request")
        stored = [e["body"].encode() for e in self.daemon.all_events()]
        self.assertNotIn(hidden, stored)

    def test_content_length_covering_a_request_after_the_last_chunk(self):
        # CL.TE: by Content-Length all of it is one body; by the chunks the body ends early and
        # a second request follows.
        hidden = self.body()
        inner = b"0\r\n\r\n" + request("POST", "/aifi/checkout", hidden)
        data = request("POST", "/aifi/checkout", inner, headers=WEBHOOK_HEADERS + "Transfer-Encoding: chunked\r\n")
        self.assert_refused_and_nothing_hidden_runs(data, hidden)

    def test_two_content_lengths_the_first_short(self):
        # By the first length the body is "{}"; by the second it includes the next request.
        hidden = self.body()
        inner = b"{}" + request("POST", "/aifi/checkout", hidden)
        data = request("POST", "/aifi/checkout", inner, length=False, headers=WEBHOOK_HEADERS +
                       f"Content-Length: 2\r\nContent-Length: {len(inner)}\r\n")
        self.assert_refused_and_nothing_hidden_runs(data, hidden)

    def test_content_length_and_chunked_on_a_read_route(self):
        hidden = self.body()
        inner = b"0\r\n\r\n" + request("POST", "/aifi/checkout", hidden)
        data = request("GET", "/healthz", inner, headers="Transfer-Encoding: chunked\r\n")
        self.assert_refused_and_nothing_hidden_runs(data, hidden)

    def test_content_length_with_chunked_even_without_a_hidden_request(self):
        body = self.body()
        data = request("POST", "/aifi/checkout", length=False,
                       headers=WEBHOOK_HEADERS + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") + chunked(body)
        with self.only_accepted_stored():
            answers, closed = self.send(data, linger=1.0)
            self.assertEqual([a.status for a in answers], [400])
            self.assertTrue(closed)


if __name__ == "__main__":
    main()
