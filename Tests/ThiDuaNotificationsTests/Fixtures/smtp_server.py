"""A test SMTP server on 127.0.0.1 (aiosmtpd) that records what it receives.

    python3 smtp_server.py DIRECTORY [accept|silent]

Writes the port it listens on to DIRECTORY/port. Each message received goes to
DIRECTORY/messages/NNNN.eml with NNNN.json beside it (envelope sender, recipients, login).
Behaviour can be switched while it runs by files in DIRECTORY:
  refuse  -- answer 554 to RCPT TO
  drop    -- close the connection when the message data arrives, without answering
  hold    -- holds numbers of MAIL commands (e.g. "1 2"): each of them waits while the file exists
Every MAIL FROM writes DIRECTORY/mail-N (N counts from 1) before anything else.
In 'silent' mode it accepts TCP connections and never says anything (a server that hangs).
With SMTP_TEST_USER and SMTP_TEST_PASSWORD set, AUTH is required and checked.
It stops by itself after 300 seconds.
"""
import asyncio
import json
import os
import sys

# The tests start this server without Foundation's Process; descriptors of other commands that it
# may still have inherited are closed, so that nothing waits for this server to end.
os.closerange(3, 65536)

directory, mode = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "accept")
os.makedirs(os.path.join(directory, "messages"), exist_ok=True)
counter = {"messages": 0, "mail": 0}


def flag(name):
    return os.path.exists(os.path.join(directory, name))


def held():
    try:
        with open(os.path.join(directory, "hold")) as handle:
            return handle.read().split()
    except OSError:
        return []


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.rename(temporary, path)


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, options):
        counter["mail"] += 1
        number = counter["mail"]
        write_atomically(os.path.join(directory, "mail-%d" % number), address.encode())
        while str(number) in held():
            await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if flag("refuse"):
            return "554 5.7.1 Relaying refused by the test server"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if flag("drop"):
            server.transport.abort()
            return "250 never sent"
        counter["messages"] += 1
        base = os.path.join(directory, "messages", "%04d" % counter["messages"])
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
        write_atomically(base + ".json", json.dumps(
            {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}).encode())
        write_atomically(base + ".eml", envelope.original_content or envelope.content)
        return "250 OK: queued"


def authenticator(server, session, envelope, mechanism, auth_data):
    from aiosmtpd.smtp import AuthResult, LoginPassword
    if not isinstance(auth_data, LoginPassword):
        return AuthResult(success=False, handled=False)
    good = (auth_data.login.decode() == os.environ["SMTP_TEST_USER"]
            and auth_data.password.decode() == os.environ["SMTP_TEST_PASSWORD"])
    return AuthResult(success=good, handled=False, auth_data=auth_data.login)


async def silent(reader, writer):
    await asyncio.sleep(300)


async def main():
    loop = asyncio.get_running_loop()
    if mode == "silent":
        server = await asyncio.start_server(silent, "127.0.0.1", 0)
    else:
        from aiosmtpd.smtp import SMTP
        auth = "SMTP_TEST_USER" in os.environ
        server = await loop.create_server(
            lambda: SMTP(Handler(), hostname="thidua-test", auth_require_tls=False, auth_required=auth,
                         authenticator=authenticator if auth else None),
            "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    write_atomically(os.path.join(directory, "port"), str(port).encode())
    await asyncio.sleep(300)


asyncio.run(main())
