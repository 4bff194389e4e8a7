"""USSD menus over SMPP through Kannel, end to end.

tests/smpp_sim.py plays the operator's USSD gateway on HUNAR_SMPP_PORT:
Kannel's smpp smsc `ussd` binds to it as a transceiver; a deliver_sm with
service_type USSD and the TLVs ussd_service_op / its_session_info goes
bearerbox -> smsbox -> GET /ussd/smpp on Kore, and the menu's screen comes
back as a submit_sm whose ussd_service_op says continue (2) or end (17).
USSD_SMPP_PORT overrides the port (a private Kannel pair).
"""
import os
import sys

from test_ussd__lib import phone as new_phone
from hunar_test import ENV, ROOT, sql, sql1

sys.path.insert(0, os.path.join(ROOT, "tests"))
import smpp_sim  # noqa: E402

PORT = int(os.environ.get("USSD_SMPP_PORT", ENV["HUNAR_SMPP_PORT"]))
CODE = "*123#"

GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;"
           "<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyz"
           "äöñüà")


class Dialog:
    """One USSD dialog of a phone, through the simulator."""

    def __init__(self, sim, phone, session):
        self.sim, self.phone, self.session = sim, phone, session
        self.seq = 0

    def _send(self, text, op):
        sess = bytes([self.session, self.seq << 1])
        self.seq += 1
        self.sim.deliver(self.phone, CODE, text, op=op, session=sess)
        s = self.sim.wait_submit(lambda x: x["dst"] == self.phone, 15)
        assert s is not None, "no submit_sm for %s" % self.phone
        assert s["src"] == ENV["HUNAR_SHORTCODE"], s
        t = s["text"]
        # Through smsbox a screen is one SMS: 160 GSM-7 or 70 UCS-2.
        if all(ch in GSM7 for ch in t):
            assert len(t) <= 160 and s["data_coding"] in (0, 1), s
        else:
            assert s["data_coding"] == 8, s
            assert len(t.encode("utf-16-be")) // 2 <= 70, s
        sess = s["tlv"].get(smpp_sim.TLV_ITS_SESSION_INFO)
        assert sess is not None and sess[0] == self.session, s
        op = s["tlv"][smpp_sim.TLV_USSD_SERVICE_OP][0]
        assert op in (smpp_sim.OP_USSR_REQ, smpp_sim.OP_PSSR_RESP), s
        # The last screen carries the end-of-session bit.
        assert (sess[1] & 1) == (op == smpp_sim.OP_PSSR_RESP), s
        return op, t

    def dial(self):
        return self._send(CODE, smpp_sim.OP_PSSR_IND)

    def answer(self, text):
        return self._send(text, smpp_sim.OP_USSR_CONF)


class sim_running:
    """The simulator for one test, stopped after it (the port is free for
    the next file's tests whatever happens)."""

    def __enter__(self):
        self.sim = smpp_sim.SmppSim(PORT).start()
        if not self.sim.wait_bound(30):
            self.sim.stop()
            raise AssertionError(
                "Kannel did not bind to smpp_sim on 127.0.0.1:%d (bearerbox "
                "needs the smpp smsc group of infra/kannel.conf.in)" % PORT)
        return self.sim

    def __exit__(self, *exc):
        self.sim.stop()
        return False


def test_ussd_smpp_register_and_enroll():
    with sim_running() as s:
        _register_and_enroll(s)


def _register_and_enroll(s):
    p = new_phone()
    d = Dialog(s, p, 11)
    op, t = d.dial()
    assert op == smpp_sim.OP_USSR_REQ and "1 English" in t, t
    op, t = d.answer("1")
    assert t.startswith("Your name?"), t
    op, t = d.answer("Kamran Akmal")
    assert "1 Punjab" in t, t
    op, t = d.answer("2")
    assert "Your district?" in t, t
    op, t = d.answer("1")
    assert "1 Woman" in t and "3 Skip" in t, t
    op, t = d.answer("3")
    assert "5 Skip" in t, t
    op, t = d.answer("5")
    assert op == smpp_sim.OP_USSR_REQ and "1 Courses" in t, t
    assert sql1("SELECT channel FROM users WHERE phone = :'p1'", p) == "ussd"
    op, t = d.answer("1")
    assert "1 C101" in t, t
    op, t = d.answer("1")
    assert t.startswith("C101 "), t
    op, t = d.answer("1")
    # The result stays on screen with 0 Back: the session goes on.
    assert op == smpp_sim.OP_USSR_REQ, (op, t)
    assert "C101" in t and "0 Back" in t, t
    assert sql1("SELECT count(*) FROM sms_outbox WHERE phone = :'p1' AND "
                "kind = 'ussd_recap'", p) == "1"
    assert sql1("SELECT e.channel FROM enrolments e JOIN users u ON "
                "u.id = e.user_id WHERE u.phone = :'p1'", p) == "ussd"


def test_ussd_smpp_urdu_wrong_input_resume():
    with sim_running() as s:
        _urdu_wrong_input_resume(s)


def _urdu_wrong_input_resume(s):
    p = new_phone()
    sql("INSERT INTO users (phone, name, lang, district_id, channel) "
        "VALUES (:'p1', 'Smpp Tester', 'ur', 1, 'sms')", p)
    d = Dialog(s, p, 12)
    op, t = d.dial()
    assert t.startswith("ہنر") and "1 کورس" in t, t
    op, t = d.answer("2")
    assert t.startswith("کام:"), t
    op, t = d.answer("77")
    assert t.startswith("غلط انتخاب") or t.startswith("کام:"), t
    assert op == smpp_sim.OP_USSR_REQ
    # The dialog drops; a new dial within five minutes resumes it.
    d2 = Dialog(s, p, 13)
    op, t2 = d2.dial()
    # "Welcome back" (دوبارہ خوش آمدید), or no room for it on 160.
    assert t2.startswith("دوبارہ خوش آمدید") or t2.startswith("کام:"), t2
    assert "کام:" in t2, t2
    op, t = d2.answer("0")
    assert "1 کورس" in t, t
    op, t = d2.answer("0")
    assert op == smpp_sim.OP_PSSR_RESP and "خدا حافظ" in t, t
