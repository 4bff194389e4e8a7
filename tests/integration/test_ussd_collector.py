"""The tests' phone (test_ussd__lib.Collector) reads a text of several
lines whole: fakesmsc prints its second and later lines as messages of
their own ("Got message 5: <B) Fiverr>"), and the Collector used to keep
only the first."""
import urllib.parse
import urllib.request

from hunar_test import ENV, SHORTCODE
from test_ussd__lib import Collector, fakesmsc, phone


def test_a_text_of_several_lines_arrives_whole():
    ph = phone()
    text = "Q1: Where do you find clients?\nA) Upwork\nB) Fiverr\nReply A-B"

    def send():      # through Kannel's sendsms, as Hunar's replies go
        q = urllib.parse.urlencode({
            "username": ENV["HUNAR_SENDSMS_USER"],
            "password": ENV["HUNAR_SENDSMS_PASSWORD"],
            "from": SHORTCODE, "to": ph, "text": text})
        r = urllib.request.urlopen("http://127.0.0.1:%s/cgi-bin/sendsms?%s"
                                   % (ENV["HUNAR_KANNEL_SENDSMS_PORT"], q),
                                   timeout=10)
        assert r.status == 202 or r.status == 200, r.status

    got = fakesmsc(ph, None, expect=1, timeout=15, during=send)
    assert [m["text"] for m in got] == [text], got


def test_lines_of_another_number_are_not_taken():
    col = Collector("923001112222")
    for line in ("x DEBUG: Got message 1: <8282 923009998888 text Hi>",
                 "x DEBUG: Got message 2: <there>",
                 "x DEBUG: Got message 3: <8282 923001112222 text One>",
                 "x DEBUG: Got message 4: <two>",
                 "x DEBUG: Got message 5: <>"):
        col.feed(line)
    assert [m["text"] for m in col.done] == ["One\ntwo\n"], col.done
