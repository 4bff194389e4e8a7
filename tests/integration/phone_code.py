#!/usr/bin/env python3
"""The one-time code a phone got by SMS, for the browser tests
(tests/browser/lib.mjs): `python3 tests/integration/phone_code.py
03451234567` waits for the newest code row queued for the number to reach
the phone through Kannel (fakesmsc) and prints its code, or nothing.
The outbox masks a code once it is handed over, so it is read where the
person reads it."""
import sys

import test_web__lib as web
from hunar_test import sql1


def main():
    phone = sys.argv[1]
    # The newest code row only: this process remembers no earlier one.
    web._SINCE = int(sql1("SELECT coalesce(max(id), 1) - 1 FROM sms_outbox "
                          "WHERE phone = :'p1' AND kind = 'otp'",
                          web.intl(phone)))
    print(web.last_code(phone) or "")


if __name__ == "__main__":
    main()
