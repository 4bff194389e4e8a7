"""The verb table where it runs: in PostgreSQL.  sms_verb()
(ussd/sql/R__sms_verbs.sql) names each SMS verb's owner and what the
channel checks first; sms_act() asks the owner's function (gig_sms() for
APPLY, match_sms() for YES/NO/GAP, sms_cmd() for the channel's own).
These cases call sms_act() as sms_inbound_batch() does."""
import random

from hunar_test import sql, sql1


def _phone():
    return "92399%07d" % random.randrange(10 ** 7)


def _act(phone, verb, arg=""):
    return sql("SELECT status, a FROM sms_act('cmd', :'p1', :'p2', :'p3', "
               "'', '', '', '')", phone, verb, arg)[0]


def _person(phone):
    return sql1("INSERT INTO users (phone, name, role, lang, channel) "
                "VALUES (:'p1', 'Verb Test', 'trainee', 'en', 'sms') "
                "RETURNING id", phone)


def test_sql_sms_verb_rows():
    rows = {v: sql("SELECT owner, after_stop, shared, person "
                   "FROM sms_verb(:'p1')", v)[0]
            for v in ("APPLY", "YES", "GAP", "STOP", "MYDATA", "HUB",
                      "NEXT", "WHO", "NOSUCHVERB")}
    assert rows["APPLY"] == ["web", "f", "f", "t"], rows
    assert rows["YES"] == rows["GAP"] == ["match", "f", "f", "t"], rows
    assert rows["STOP"] == ["ussd", "t", "t", "f"], rows
    assert rows["MYDATA"] == ["prog", "t", "f", "f"], rows
    assert rows["HUB"] == ["prog", "f", "t", "f"], rows
    assert rows["NEXT"] == ["course", "f", "f", "f"], rows
    assert rows["WHO"] == ["seat", "f", "t", "f"], rows
    # Not in the table: the channel's, for a person, answered 'unknown'.
    assert rows["NOSUCHVERB"] == ["ussd", "f", "f", "t"], rows
    # Who the number speaks for is read again after these (sms_act()).
    moves = {v: sql1("SELECT moves FROM sms_verb(:'p1')", v)
             for v in ("JOIN", "WHO", "PICK", "ADD", "PIN", "DELETE", "HELP",
                       "STATUS", "NEXT", "YES", "NOSUCHVERB")}
    assert [v for v, m in moves.items() if m == "t"] == [
        "JOIN", "WHO", "PICK", "ADD", "PIN", "DELETE"], moves


def test_sql_sms_act_asks_a_person_first():
    phone = _phone()
    for verb in ("APPLY", "YES", "NO", "GAP", "STATUS", "NOSUCHVERB"):
        assert _act(phone, verb, "G1001")[0] == "unregistered", verb
    assert _act(phone, "COURSES")[0] != "unregistered"


def test_sql_sms_act_web_and_matching_answer_their_verbs():
    phone = _phone()
    uid = _person(phone)
    sql("UPDATE users SET last_active = now() - interval '2 hours' "
        "WHERE id = :'p1'", uid)
    assert _act(phone, "APPLY") == ["apply_usage", ""]
    assert _act(phone, "APPLY", "G9999999") == ["apply_no_gig", "G9999999"]
    assert _act(phone, "GAP", "g9999999") == ["apply_no_gig", "G9999999"]
    # matching answers with data; its C words it (match_reply()).
    assert _act(phone, "YES") == ["offer_none", ""]
    assert _act(phone, "NO", "g9999") == ["offer_none", ""]
    assert _act(phone, "NOSUCHVERB") == ["unknown", "NOSUCHVERB"]
    # Marked active by the channel, once the person is found.
    assert sql1("SELECT last_active > now() - interval '1 minute' "
                "FROM users WHERE id = :'p1'", uid) == "t"


def test_sql_sms_act_after_stop_only_the_tables_verbs():
    phone = _phone()
    _person(phone)
    assert _act(phone, "STOP")[0] == "stopped"
    for verb in ("GAP", "APPLY", "NEXT", "COURSES", "HUB"):
        assert _act(phone, verb)[0] == "opted_out", verb
    assert _act(phone, "MYDATA")[0] != "opted_out"
    assert _act(phone, "START")[0] == "started"
    assert _act(phone, "APPLY")[0] == "apply_usage"


def test_sql_ussd_act_asks_the_verbs_owner():
    """The USSD menu's actions go through the same table (ussd_act()):
    ENROLL to courses, APPLY to web, YES/NO to matching; nobody is
    'unregistered', a verb no owner answers on USSD gives no row."""
    phone = _phone()

    def act(verb, uid, arg):
        return sql("SELECT k, a, b FROM ussd_act(:'p1', :'p2', "
                   "nullif(:'p3', '')::bigint, :'p4', 'en')",
                   phone, verb, uid, arg)
    assert act("APPLY", "", "G1001") == [["unregistered", "", ""]]
    uid = _person(phone)
    assert act("APPLY", uid, "g9999999") == [["no_gig", "G9999999", ""]]
    assert act("ENROLL", uid, "C9999")[0][0] == "no_course"
    assert act("YES", uid, "999999999") == [["gone", "", ""]]
    assert act("NO", uid, "x") == [["gone", "", ""]]
    assert act("STATUS", uid, "") == []
    assert act("HUB", uid, "") == []
