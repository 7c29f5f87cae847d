"""Sending the weekly report: each chief their department's part, the secretariat the whole.

Three steps, kept apart so each can be tested and so ``--dry-run`` is the real plan minus the
sending: ``plan_mail`` decides who gets what (pure), ``compose`` makes one multipart message
(text for plain readers, self-contained HTML for the rest), ``send_all`` delivers over SMTP.

One recipient failing (refused address, mailbox full) is recorded in its ``Delivery`` and the
others are still sent; only when the server cannot be reached or refuses the login is every
remaining message failed at once, since trying each again would fail the same way.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from tracker.config import SmtpSettings
from tracker.render import labels as lb
from tracker.render.html_page import render_html
from tracker.render.text import render_text
from tracker.reports import Category, OverdueReport

SECRETARIAT = "Sekretariatet"
ALL_DEPARTMENTS = "alle afdelinger"
TIMEOUT = 30.0  # seconds per SMTP operation


class MailError(Exception):
    """The mail settings cannot work (e.g. a user without a password); for people to read."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to send: to whom, and which part of the report."""

    to: str
    name: str  # the chief, or "Sekretariatet"
    unit: str | None  # the department; None for the secretariat's whole report
    subject: str
    report: OverdueReport

    def describe(self) -> str:
        counts = ", ".join(f"{len_} {word}" for len_, word in _counts(self.report))
        return f"{self.name} <{self.to}>: {self.subject} ({counts})"


@dataclass(frozen=True, slots=True)
class Skipped:
    unit: str
    reason: str


@dataclass(frozen=True, slots=True)
class MailPlan:
    messages: tuple[Outgoing, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    outgoing: Outgoing
    error: str | None = None  # None when the server accepted the message

    @property
    def ok(self) -> bool:
        return self.error is None


def _counts(report: OverdueReport) -> list[tuple[int, str]]:
    return [
        (report.count(Category.OVERDUE), "forfaldne"),
        (report.count(Category.DUE_SOON), "forfalder snart"),
        (report.count(Category.COMPLETED), "afsluttet"),
    ]


def subject(report: OverdueReport, unit: str | None) -> str:
    """Like "Opfølgningspunkter: forfaldne pr. 2019-04-15 – Sundhed" (or "– alle afdelinger")."""
    return f"{lb.title(report)} – {unit or ALL_DEPARTMENTS}"


def plan_mail(report: OverdueReport, secretariat: str | None) -> MailPlan:
    """Every department with an address gets its own part, even with nothing overdue (a chief
    should know the list was checked); departments without one are skipped and listed; the
    secretariat gets the whole report. Follow-ups nobody is assigned to reach only the
    secretariat."""
    messages: list[Outgoing] = []
    skipped: list[Skipped] = []
    for section in report.departments:
        if section.unit is None:
            continue
        if not section.email:
            skipped.append(Skipped(section.unit, "no e-mail address in the organisation file"))
            continue
        messages.append(
            Outgoing(
                to=section.email,
                name=section.chief or section.unit,
                unit=section.unit,
                subject=subject(report, section.unit),
                report=report.for_department(section.unit),
            )
        )
    if secretariat:
        messages.append(Outgoing(secretariat, SECRETARIAT, None, subject(report, None), report))
    else:
        skipped.append(Skipped(SECRETARIAT, "no address (smtp.secretariat or TRACKER_SECRETARIAT_EMAIL)"))
    return MailPlan(tuple(messages), tuple(skipped))


def _address(text: str, name: str = "") -> Address:
    """A parsed address; ``MailError`` for anything that is not ``local@domain``."""
    try:
        address = Address(display_name=name, addr_spec=text.strip())
    except (ValueError, HeaderParseError) as exc:
        raise MailError(f"not an e-mail address: {text!r}") from exc
    if not address.username or not address.domain:
        raise MailError(f"not an e-mail address: {text!r}")
    return address


def compose(outgoing: Outgoing, sender: str) -> EmailMessage:
    """A multipart/alternative message: the text part first, the HTML part preferred."""
    message = EmailMessage()
    message["Subject"] = outgoing.subject
    message["From"] = _address(sender, "Opfølgning")
    message["To"] = _address(outgoing.to, outgoing.name)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=_address(sender).domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(render_text(outgoing.report), subtype="plain", charset="utf-8")
    message.add_alternative(render_html(outgoing.report), subtype="html", charset="utf-8")
    return message


def connect(settings: SmtpSettings, *, context: ssl.SSLContext | None = None, timeout: float = TIMEOUT) -> smtplib.SMTP:
    """An open, authenticated SMTP connection as the settings say (``security`` none, starttls
    or ssl; login when ``user`` is set, with the password from TRACKER_SMTP_PASSWORD)."""
    if settings.user and settings.password is None:
        raise MailError(f"smtp.user is {settings.user!r} but TRACKER_SMTP_PASSWORD is not set")
    tls = context or ssl.create_default_context()
    connection: smtplib.SMTP
    if settings.security == "ssl":
        connection = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=tls)
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    try:
        if settings.security == "starttls":
            connection.ehlo()
            connection.starttls(context=tls)
            connection.ehlo()
        if settings.user:
            connection.login(settings.user, settings.password or "")
    except BaseException:
        connection.close()
        raise
    return connection


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [f"{code} {_decode(text)}" for code, text in exc.recipients.values()]
        return "refused by the server: " + "; ".join(codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_decode(exc.smtp_error)}"
    return str(exc) or type(exc).__name__


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def send_all(
    messages: Sequence[Outgoing],
    settings: SmtpSettings,
    *,
    context: ssl.SSLContext | None = None,
    timeout: float = TIMEOUT,
) -> list[Delivery]:
    """Send each message over one connection; returns one ``Delivery`` per message, in order."""
    deliveries: list[Delivery] = []
    connection: smtplib.SMTP | None = None
    try:
        for index, outgoing in enumerate(messages):
            try:
                message = compose(outgoing, settings.sender)
            except (MailError, ValueError) as exc:
                deliveries.append(Delivery(outgoing, str(exc)))
                continue
            if connection is None:
                try:
                    connection = connect(settings, context=context, timeout=timeout)
                except (OSError, smtplib.SMTPException, MailError) as exc:
                    where = f"{settings.host}:{settings.port}"
                    reason = f"cannot send through {where}: {_reason(exc)}"
                    deliveries += [Delivery(o, reason) for o in messages[index:]]
                    return deliveries
            try:
                refused = connection.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
                deliveries.append(Delivery(outgoing, _reason(exc)))  # the session is still usable
                continue
            except (OSError, smtplib.SMTPException) as exc:
                deliveries.append(Delivery(outgoing, _reason(exc)))
                connection.close()
                connection = None  # reconnect for the next one
                continue
            if refused:
                deliveries.append(Delivery(outgoing, _reason(smtplib.SMTPRecipientsRefused(refused))))
            else:
                deliveries.append(Delivery(outgoing))
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
    return deliveries
