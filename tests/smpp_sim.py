#!/usr/bin/env python3
"""A small SMPP 3.4 SMSC simulator (stdlib only) for Hunar's USSD-over-SMPP
tests.  Kannel's own drive_smpp cannot send TLVs, an operator's USSD gateway
does: this one plays that gateway.

It listens, accepts bind_transceiver (or bind_transmitter/receiver) from
Kannel, answers enquire_link, and

  - deliver()  sends a deliver_sm with service_type USSD, the
    ussd_service_op TLV (0x0501) and, when given, its_session_info (0x1383);
  - submits()  returns every submit_sm Kannel sent, decoded, with its TLVs.

Use it from a test:

    sim = SmppSim(12775).start()
    sim.wait_bound(20)
    sim.deliver("923001234567", "*123#", "", op=1, session=7)
    sub = sim.wait_submit(lambda s: s["dst"] == "923001234567", 10)
    sub["text"], sub["tlv"][0x0501]   # "CON ...", b"\\x02"
    sim.stop()

or by hand (`python3 tests/smpp_sim.py -p 12775`): each stdin line
"<from> <to> <op> <text...>" becomes a deliver_sm; every submit_sm is
printed as "SUBMIT <src> <dst> op=<n> session=<hex> <text>".
"""
import argparse
import queue
import socket
import struct
import sys
import threading
import time

BIND_RECEIVER = 0x00000001
BIND_TRANSMITTER = 0x00000002
SUBMIT_SM = 0x00000004
DELIVER_SM = 0x00000005
UNBIND = 0x00000006
BIND_TRANSCEIVER = 0x00000009
ENQUIRE_LINK = 0x00000015
RESP = 0x80000000
GENERIC_NACK = 0x80000000

TLV_USSD_SERVICE_OP = 0x0501
TLV_ITS_SESSION_INFO = 0x1383
TLV_MESSAGE_PAYLOAD = 0x0424

# ussd_service_op values (SMPP 3.4, 5.3.2.44)
OP_PSSD_IND = 0
OP_PSSR_IND = 1      # the phone dialled: a session starts
OP_USSR_REQ = 2      # the application asks for more: continue
OP_USSN_REQ = 3
OP_PSSD_RESP = 16
OP_PSSR_RESP = 17    # the application's last screen: end
OP_USSR_CONF = 18    # the phone answered a USSR request


def cstr(b, off):
    """A NUL-terminated string at off: (bytes, offset after the NUL)."""
    end = b.index(b"\0", off)
    return b[off:end], end + 1


def parse_sm(body):
    """Fields of a submit_sm / deliver_sm body (they share a layout)."""
    f = {}
    off = 0
    st, off = cstr(body, off)
    f["service_type"] = st.decode("latin-1")
    f["src_ton"], f["src_npi"] = body[off], body[off + 1]
    off += 2
    src, off = cstr(body, off)
    f["src"] = src.decode("latin-1")
    f["dst_ton"], f["dst_npi"] = body[off], body[off + 1]
    off += 2
    dst, off = cstr(body, off)
    f["dst"] = dst.decode("latin-1")
    f["esm_class"], f["protocol_id"], f["priority"] = body[off:off + 3]
    off += 3
    _, off = cstr(body, off)            # schedule_delivery_time
    _, off = cstr(body, off)            # validity_period
    (f["registered_delivery"], f["replace"], f["data_coding"],
     f["default_msg_id"], sm_len) = body[off:off + 5]
    off += 5
    f["short_message"] = body[off:off + sm_len]
    off += sm_len
    tlv = {}
    while off + 4 <= len(body):
        tag, ln = struct.unpack(">HH", body[off:off + 4])
        tlv[tag] = body[off + 4:off + 4 + ln]
        off += 4 + ln
    f["tlv"] = tlv
    raw = tlv.get(TLV_MESSAGE_PAYLOAD, f["short_message"])
    udh = b""
    if f["esm_class"] & 0x40 and raw:
        udh, raw = raw[:raw[0] + 1], raw[raw[0] + 1:]
    f["udh"] = udh
    f["raw"] = raw
    if f["data_coding"] == 8:
        f["text"] = raw.decode("utf-16-be", "replace")
    else:
        f["text"] = raw.decode("latin-1")
    op = tlv.get(TLV_USSD_SERVICE_OP)
    f["op"] = op[0] if op else None
    f["session"] = tlv.get(TLV_ITS_SESSION_INFO)
    return f


def build_sm(src, dst, payload, coding=0, service_type="USSD", tlvs=()):
    """A deliver_sm body; payload is bytes already in `coding`."""
    b = service_type.encode() + b"\0"
    b += bytes([1, 1]) + src.encode() + b"\0"
    b += bytes([0, 1]) + dst.encode() + b"\0"
    b += bytes([0, 0, 0])               # esm_class, protocol_id, priority
    b += b"\0\0"                        # schedule, validity
    b += bytes([0, 0, coding, 0, len(payload)]) + payload
    for tag, val in tlvs:
        b += struct.pack(">HH", tag, len(val)) + val
    return b


def encode_text(text):
    """GSM-ish latin-1 when it fits, else UCS-2 (data_coding 8)."""
    try:
        raw = text.encode("latin-1")
        if len(raw) <= 254:
            return raw, 0
    except UnicodeEncodeError:
        pass
    return text.encode("utf-16-be"), 8


class SmppSim:
    def __init__(self, port, host="127.0.0.1", system_id="hunarsim",
                 verbose=False):
        self.host = host
        self.port = port
        self.system_id = system_id
        self.verbose = verbose
        self.submits = queue.Queue()
        self.all_submits = []
        self.binds = []
        self.errors = []
        self._conns = []
        self._seq = 1
        self._lock = threading.Lock()
        self._bound = threading.Event()
        self._stop = threading.Event()
        self._sock = None
        self._threads = []
        self.msgid = 0

    # --- life cycle -------------------------------------------------
    def start(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((self.host, self.port))
        s.listen(8)
        s.settimeout(0.2)
        self._sock = s
        t = threading.Thread(target=self._accept, daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self):
        self._stop.set()
        for c in list(self._conns):
            try:
                self._send(c, UNBIND, 0, self._next_seq(), b"")
            except OSError:
                pass
            try:
                c.close()
            except OSError:
                pass
        if self._sock:
            self._sock.close()
        for t in self._threads:
            t.join(2)

    def wait_bound(self, timeout=20):
        return self._bound.wait(timeout)

    # --- what a test calls -------------------------------------------
    def deliver(self, src, dst, text, op=OP_PSSR_IND, session=None,
                coding=None, service_type="USSD", extra_tlvs=()):
        """Sends one deliver_sm to the bound ESME (Kannel).  session is
        an int (session number, its_session_info octet 1) or raw bytes."""
        if isinstance(text, bytes):
            payload, dc = text, coding or 0
        else:
            payload, dc = encode_text(text)
            if coding is not None and coding != dc:
                payload = (text.encode("utf-16-be") if coding == 8
                           else text.encode("latin-1", "replace"))
                dc = coding
        tlvs = []
        if op is not None:
            tlvs.append((TLV_USSD_SERVICE_OP, bytes([op])))
        if session is not None:
            if isinstance(session, int):
                session = bytes([session & 0xff, 0])
            tlvs.append((TLV_ITS_SESSION_INFO, session))
        tlvs.extend(extra_tlvs)
        body = build_sm(src, dst, payload, dc, service_type, tlvs)
        conn = self._rx_conn()
        if conn is None:
            raise RuntimeError("no ESME bound")
        self._send(conn, DELIVER_SM, 0, self._next_seq(), body)

    def wait_submit(self, pred=None, timeout=10):
        """The first submit_sm (since the last call) that pred accepts."""
        end = time.time() + timeout
        keep = []
        try:
            while True:
                left = end - time.time()
                if left <= 0:
                    return None
                try:
                    s = self.submits.get(timeout=left)
                except queue.Empty:
                    return None
                if pred is None or pred(s):
                    return s
                keep.append(s)
        finally:
            for s in keep:
                self.submits.put(s)

    # --- internals ---------------------------------------------------
    def _next_seq(self):
        with self._lock:
            self._seq += 1
            return self._seq

    def _rx_conn(self):
        for c, mode in reversed(self.binds):
            if c in self._conns and mode in (BIND_TRANSCEIVER, BIND_RECEIVER):
                return c
        return None

    def _send(self, conn, cmd, status, seq, body):
        pdu = struct.pack(">IIII", 16 + len(body), cmd, status, seq) + body
        with self._lock:
            conn.sendall(pdu)

    def _accept(self):
        while not self._stop.is_set():
            try:
                c, _ = self._sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            c.settimeout(0.5)
            self._conns.append(c)
            t = threading.Thread(target=self._serve, args=(c,), daemon=True)
            t.start()
            self._threads.append(t)

    def _read(self, conn, n):
        buf = b""
        while len(buf) < n:
            if self._stop.is_set():
                return None
            try:
                chunk = conn.recv(n - len(buf))
            except socket.timeout:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            buf += chunk
        return buf

    def _serve(self, conn):
        try:
            while not self._stop.is_set():
                hdr = self._read(conn, 16)
                if hdr is None:
                    break
                ln, cmd, status, seq = struct.unpack(">IIII", hdr)
                if ln < 16 or ln > 65536:
                    self.errors.append("bad length %d" % ln)
                    break
                body = self._read(conn, ln - 16) if ln > 16 else b""
                if body is None:
                    break
                self._handle(conn, cmd, status, seq, body)
        finally:
            if conn in self._conns:
                self._conns.remove(conn)
            try:
                conn.close()
            except OSError:
                pass

    def _handle(self, conn, cmd, status, seq, body):
        if cmd in (BIND_TRANSCEIVER, BIND_TRANSMITTER, BIND_RECEIVER):
            sysid, _ = cstr(body, 0)
            self.binds.append((conn, cmd))
            self._send(conn, cmd | RESP, 0, seq,
                       self.system_id.encode() + b"\0")
            if self.verbose:
                print("BIND %s 0x%x" % (sysid.decode(), cmd), flush=True)
            if cmd != BIND_TRANSMITTER:
                self._bound.set()
        elif cmd == ENQUIRE_LINK:
            self._send(conn, ENQUIRE_LINK | RESP, 0, seq, b"")
        elif cmd == SUBMIT_SM:
            try:
                f = parse_sm(body)
            except (ValueError, IndexError) as e:
                self.errors.append("bad submit_sm: %r" % e)
                self._send(conn, GENERIC_NACK, 0x00000001, seq, b"")
                return
            with self._lock:
                self.msgid += 1
                mid = "sim%d" % self.msgid
            f["message_id"] = mid
            f["at"] = time.time()
            self._send(conn, SUBMIT_SM | RESP, 0, seq, mid.encode() + b"\0")
            self.all_submits.append(f)
            self.submits.put(f)
            if self.verbose:
                print("SUBMIT %s %s op=%s session=%s %s" % (
                    f["src"], f["dst"], f["op"],
                    f["session"].hex() if f["session"] else "-",
                    f["text"]), flush=True)
        elif cmd == UNBIND:
            self._send(conn, UNBIND | RESP, 0, seq, b"")
        elif cmd & RESP:
            if status != 0:
                self.errors.append("0x%x answered status 0x%x" % (cmd, status))
        else:
            self._send(conn, GENERIC_NACK, 0x00000003, seq, b"")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-p", "--port", type=int, default=12775)
    ap.add_argument("-H", "--host", default="127.0.0.1")
    a = ap.parse_args()
    sim = SmppSim(a.port, a.host, verbose=True).start()
    print("listening on %s:%d" % (a.host, a.port), flush=True)
    try:
        for line in sys.stdin:
            parts = line.rstrip("\n").split(" ", 3)
            if len(parts) < 3:
                continue
            text = parts[3] if len(parts) > 3 else ""
            try:
                sim.deliver(parts[0], parts[1], text, op=int(parts[2]),
                            session=1)
            except RuntimeError as e:
                print("ERROR %s" % e, flush=True)
        time.sleep(2)
    except KeyboardInterrupt:
        pass
    sim.stop()


if __name__ == "__main__":
    main()
