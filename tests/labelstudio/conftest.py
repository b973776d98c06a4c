"""The real Label Studio server of the ``labelstudio`` tests, started as the docs say, and its users.

The server is started the way docs/annotation-rounds.md says, by executing its start block as
written in a fresh shell (``eval "$(scripts/labelstudio-server start)"``, with the port and a
fresh state folder given through the environment), once per session, and stopped at the end.
Annotators sign up through the server's sign-up form and create a personal access token (the
SDK's users.create cannot set a password).
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from swn.labelstudio import client as lsclient

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "labelstudio-server"
PASSWORD = "Swn-test-password-1"
ALICE, BOB = "alice@example.org", "bob@example.org"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def documented_start() -> str:
    """The shell block of section 1 of docs/annotation-rounds.md, as a curator copies it."""
    doc = (REPO / "docs" / "annotation-rounds.md").read_text(encoding="utf-8")
    section = doc.split("## 1.", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return block


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    state = tmp_path_factory.mktemp("labelstudio") / "server"
    block = documented_start()
    assert 'eval "$(scripts/labelstudio-server start)"' in block
    assert 'eval "$(scripts/labelstudio-server start)"' in (REPO / "README.md").read_text(encoding="utf-8")
    # A fresh shell with no Label Studio variables: the block must set them for the next command.
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env.update(LABEL_STUDIO_PORT=str(_free_port()), SWN_LABELSTUDIO_STATE=str(state),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    script = f"{block}\nswn ls projects\nprintf '%s\\n' \"URL=$LABEL_STUDIO_URL\" \"KEY=$LABEL_STUDIO_API_KEY\"\n"
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-c", script], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=1500)
    try:
        if proc.returncode != 0:
            pytest.fail(f"the documented start failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
        assert "no project" in proc.stdout  # `swn ls projects` reached the server with the exported variables
        values = dict(line.split("=", 1) for line in proc.stdout.splitlines() if line.startswith(("URL=", "KEY=")))
        yield values["URL"], values["KEY"], state
    finally:
        subprocess.run([str(SCRIPT), "stop", "--state-dir", str(state)], capture_output=True, timeout=120)


def sign_up(url: str, email: str, password: str = PASSWORD) -> str:
    """Create a user through the sign-up form and return a new personal access token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{url}/user/signup/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "email": email, "password": password}).encode()
    opener.open(urllib.request.Request(f"{url}/user/signup/", data=form,
                                       headers={"Referer": f"{url}/user/signup/"})).read()
    assert any(c.name == "sessionid" for c in jar), "sign-up did not log the new user in"
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    req = urllib.request.Request(f"{url}/api/token/", data=b"", method="POST",
                                 headers={"X-CSRFToken": csrf, "Referer": f"{url}/"})
    return json.loads(opener.open(req).read())["token"]


@pytest.fixture(scope="session")
def users(server):
    """Two annotators who signed up: e-mail -> SDK client acting as them."""
    url, _, _ = server
    return {email: lsclient.connect(url, sign_up(url, email)) for email in ("alice@example.org", "bob@example.org")}


@pytest.fixture
def ls_env(server, monkeypatch):
    url, token, _ = server
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", token)
    return lsclient.connect(url, token)


