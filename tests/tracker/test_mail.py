"""Sending the report: against a real SMTP server on 127.0.0.1 (aiosmtpd), through the library
functions and through ``tracker report send`` as cron would run it."""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from nlp.organisation import Organisation
from tests.tracker.report_scenario import AS_OF, Stored
from tests.tracker.smtp_server import Capture, make_certificate, smtp_server
from tracker.cli.app import app
from tracker.config import SmtpSettings
from tracker.mail import SECRETARIAT, MailError, Outgoing, compose, connect, plan_mail, send_all
from tracker.reports import OverdueReport, build_report

SECRETARIAT_ADDRESS = "sekretariat@albertslund.example"
REFUSED = "sundhed@albertslund.example"


@pytest.fixture
def report(report_db: Stored) -> OverdueReport:
    return build_report(report_db.session, AS_OF)


def chiefs_with_address(organisation: Organisation) -> dict[str, str]:
    return {u.email: u.name for u in organisation.units if u.email}


def parts(message: EmailMessage) -> dict[str, str]:
    found = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        found[part.get_content_type()] = part.get_content()
    return found


def test_plan_gives_each_chief_their_part_and_the_secretariat_everything(
    report: OverdueReport, organisation: Organisation
) -> None:
    plan = plan_mail(report, SECRETARIAT_ADDRESS)
    chiefs = chiefs_with_address(organisation)
    assert {m.to for m in plan.messages} == {*chiefs, SECRETARIAT_ADDRESS}
    for message in plan.messages:
        if message.unit is None:
            assert message.report is report and message.name == SECRETARIAT
        else:
            assert chiefs[message.to] == message.unit
            assert [d.unit for d in message.report.departments] == [message.unit]
            assert "2019-04-15" in message.subject and message.unit in message.subject
    skipped = {s.unit for s in plan.skipped}
    assert skipped == {u.name for u in organisation.units if not u.email}
    without = plan_mail(report, None)
    assert SECRETARIAT in {s.unit for s in without.skipped} and all(m.unit for m in without.messages)


def test_message_is_multipart_alternative_text_then_html(report: OverdueReport) -> None:
    outgoing = next(m for m in plan_mail(report, None).messages if m.unit == "Miljø & Teknik")
    message = compose(outgoing, "tracker@albertslund.example")
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    content = parts(message)
    assert "Forfaldne (2)" in content["text/plain"]
    assert "&lt;script&gt;" in content["text/html"] and "<script>" not in content["text/html"]
    assert message["To"].addresses[0].addr_spec == "miljoe-teknik@albertslund.example"
    assert message["Auto-Submitted"] == "auto-generated"


def test_send_all_delivers_each_and_reports_the_refused_one(report: OverdueReport, organisation: Organisation) -> None:
    capture = Capture(refuse={REFUSED})
    plan = plan_mail(report, SECRETARIAT_ADDRESS)
    with smtp_server(capture) as port:
        settings = SmtpSettings(host="127.0.0.1", port=port, sender="tracker@albertslund.example")
        deliveries = send_all(plan.messages, settings, timeout=10)
    failed = [d for d in deliveries if not d.ok]
    assert [d.outgoing.to for d in failed] == [REFUSED]
    assert failed[0].error is not None and "550" in failed[0].error
    delivered = {r.recipients[0] for r in capture.received}
    assert delivered == {*chiefs_with_address(organisation), SECRETARIAT_ADDRESS} - {REFUSED}
    assert all(len(r.recipients) == 1 for r in capture.received)  # one message per recipient
    for received in capture.received:
        message = received.message
        assert message.get_content_type() == "multipart/alternative"
        assert set(parts(message)) == {"text/plain", "text/html"}
        assert message["To"].addresses[0].addr_spec == received.recipients[0]
        assert "2019-04-15" in message["Subject"]
        assert received.sender == "tracker@albertslund.example"
    whole = next(r.message for r in capture.received if r.recipients == [SECRETARIAT_ADDRESS])
    assert "alle afdelinger" in whole["Subject"] and "Uden ansvarlig" in parts(whole)["text/plain"]


def test_unreachable_server_fails_every_message_without_hanging(report: OverdueReport) -> None:
    from tests.tracker.smtp_server import free_port

    plan = plan_mail(report, SECRETARIAT_ADDRESS)
    settings = SmtpSettings(host="127.0.0.1", port=free_port())
    deliveries = send_all(plan.messages, settings, timeout=5)
    assert len(deliveries) == len(plan.messages) and not any(d.ok for d in deliveries)
    assert all("cannot send through 127.0.0.1" in (d.error or "") for d in deliveries)


def test_a_bad_address_fails_alone(report: OverdueReport) -> None:
    good = plan_mail(report, SECRETARIAT_ADDRESS).messages[-1]
    bad = Outgoing("not an address", "Chefen", "Sundhed", "emne", good.report)
    capture = Capture()
    with smtp_server(capture) as port:
        deliveries = send_all([bad, good], SmtpSettings(host="127.0.0.1", port=port), timeout=10)
    assert [d.ok for d in deliveries] == [False, True]
    assert "not an e-mail address" in (deliveries[0].error or "")
    assert len(capture.received) == 1


def test_starttls_with_login(report: OverdueReport, tmp_path: Path) -> None:
    certificate = make_certificate(tmp_path)
    capture = Capture()
    message = plan_mail(report, SECRETARIAT_ADDRESS).messages[-1]
    with smtp_server(capture, starttls=certificate, login=("robot", "hemmeligt")) as port:
        settings = SmtpSettings(host="127.0.0.1", port=port, security="starttls", user="robot", password="hemmeligt")
        ok = send_all([message], settings, context=certificate.client_context(), timeout=10)
        wrong_password = replace(settings, password="forkert")
        wrong = send_all([message], wrong_password, context=certificate.client_context(), timeout=10)
    assert ok[0].ok and len(capture.received) == 1
    assert not wrong[0].ok and "535" in (wrong[0].error or "")


def test_implicit_tls(report: OverdueReport, tmp_path: Path) -> None:
    certificate = make_certificate(tmp_path)
    capture = Capture()
    message = plan_mail(report, SECRETARIAT_ADDRESS).messages[-1]
    with smtp_server(capture, implicit_tls=certificate) as port:
        settings = SmtpSettings(host="127.0.0.1", port=port, security="ssl")
        deliveries = send_all([message], settings, context=certificate.client_context(), timeout=10)
        untrusted = send_all([message], settings, timeout=10)  # the system's CAs do not know it
    assert deliveries[0].ok and len(capture.received) == 1
    assert not untrusted[0].ok and "certificate" in (untrusted[0].error or "").lower()


def test_user_without_password_is_a_clear_error() -> None:
    with pytest.raises(MailError, match="TRACKER_SMTP_PASSWORD"):
        connect(SmtpSettings(user="robot"))


# --- the command -----------------------------------------------------------------------------


def send(db_url: str, port: int, *args: str, refuse_env: dict[str, str] | None = None) -> Result:
    env = {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(port),
        "TRACKER_SMTP_SENDER": "tracker@albertslund.example",
        "TRACKER_SECRETARIAT_EMAIL": SECRETARIAT_ADDRESS,
        **(refuse_env or {}),
    }
    return CliRunner().invoke(app, ["--db", db_url, "report", "send", "--as-of", "2019-04-15", *args], env=env)


def test_report_send_command_end_to_end(report_db_url: str, organisation: Organisation) -> None:
    capture = Capture(refuse={REFUSED})
    with smtp_server(capture) as port:
        result = send(report_db_url, port)
    assert result.exit_code == 1, result.output
    assert f"error: Chefen for Sundhed <{REFUSED}>" in result.output and "550" in result.output
    chiefs = chiefs_with_address(organisation)
    assert {r.recipients[0] for r in capture.received} == {*chiefs, SECRETARIAT_ADDRESS} - {REFUSED}
    assert f"{len(chiefs)} sent, 1 failed" in result.output
    for unit in organisation.units:
        if not unit.email:
            assert f"skipped {unit.name}: no e-mail address" in result.output


def test_report_send_all_delivered_exits_zero(report_db_url: str) -> None:
    capture = Capture()
    with smtp_server(capture) as port:
        result = send(report_db_url, port)
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_report_send_dry_run_sends_nothing(report_db_url: str, organisation: Organisation) -> None:
    capture = Capture()
    with smtp_server(capture) as port:
        result = send(report_db_url, port, "--dry-run")
    assert result.exit_code == 0, result.output
    assert capture.received == []
    assert result.output.count("would send to ") == len(chiefs_with_address(organisation)) + 1
    assert f"would send to Sekretariatet <{SECRETARIAT_ADDRESS}>" in result.output
    assert "Chefen for Miljø & Teknik <miljoe-teknik@albertslund.example>" in result.output


def test_report_send_is_for_the_secretariat(report_db_url: str) -> None:
    result = CliRunner().invoke(app, ["--db", report_db_url, "--as", "Sundhed", "report", "send", "--dry-run"])
    assert result.exit_code == 1
    assert "may not send the weekly report" in result.output
