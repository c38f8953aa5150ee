"""The course's server as an attacker and a newcomer meet it: signing in by personal link, no
kernel without a learner, a forged learner header, the `?theme=` XSS link, Host headers, kernel
limits and ownership, closed tabs, requests to other hosts, and tracebacks.

All against the real server (`course.server`) and Debian's Chromium; kernels are counted as the
server's child processes.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest

from course.server.identity import COOKIE
from tests.browser import (
    answer_quiz,
    course_server,
    kernel_count,
    kernel_info,
    kernel_pids,
    poll,
    signed_in_context,
    wait_until_interactive,
)
from tests.conftest import free_port

pytestmark = pytest.mark.slow

PAGE = "welcome"  # the lightest page: most tests here are about the server, not the content


@pytest.fixture(scope="module")
def base(built, tmp_path_factory, store):
    log = tmp_path_factory.mktemp("server") / "server.log"
    with course_server(
        built / "notebooks",
        free_port(),
        log,
        store.url,
        allowed_hosts=["course.example.org"],
        max_kernels_per_learner=2,
        # These tests count each learner's kernels from the environment each kernel started
        # with; a warm kernel learns its learner only later (test_warm_kernels_...).
        warm_kernels=0,
    ) as url:
        yield url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, headers: dict | None = None, timeout: float = 60) -> tuple[int, dict, str]:
    """GET without following redirects: status, headers and body."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8", "replace")


def post(url: str, headers: dict) -> int:
    """POST an empty body; the status."""
    request = urllib.request.Request(url, data=b"", headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def cookie_for(store, learner_id: str) -> dict:
    if store.learner(learner_id) is None:
        store.add_learner(learner_id.title(), learner_id)
    return {"Cookie": f"{COOKIE}={store.new_session(learner_id)}"}


def settle(base, learner: str, expected: int, timeout: float = 30) -> int:
    """Wait until the learner holds ``expected`` kernels (or time runs out); return how many."""
    deadline = time.monotonic() + timeout
    while kernel_count(base.pid, learner) != expected and time.monotonic() < deadline:
        time.sleep(0.25)
    return kernel_count(base.pid, learner)


@contextmanager
def page_for(browser, base, store, learner_id: str, **options):
    context = signed_in_context(browser, base, store, learner_id, **options)
    pg = context.new_page()
    yield pg
    pg.close(run_before_unload=True)  # as a learner closing the tab: the page sends its beacon
    context.close()


def test_not_signed_in_gets_the_sign_in_page_and_no_kernel(base, store):
    """Does a visitor with no session (or a forged learner header, or a made-up cookie) get the
    sign-in page, never a page or a kernel?"""
    for headers in ({}, {"X-Course-Learner": "someone"}, {"Cookie": f"{COOKIE}=made-up"}):
        status, head, _ = get(f"{base}/voila/render/{PAGE}.ipynb", headers)
        assert status == 302 and "/login" in head["Location"], (headers, status)
    status, _, body = get(f"{base}/login")
    assert status == 200 and "personal sign-in link" in body
    status, _, _ = get(f"{base}/", {"X-Course-Learner": "someone"})
    assert status == 302
    assert kernel_count(base.pid) == 0  # the first test: nobody has signed in yet


def test_sign_in_link_works_once_and_sets_a_safe_cookie(base, store, browser):
    """Does a personal link sign the learner in with a Secure, HTTP-only, SameSite cookie, land on
    the course with their name shown, and fail the second time with a readable page?"""
    learner = store.add_learner("Robin Ashe")
    token = store.new_link(learner.id)
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(f"{base}/login?t={token}&next=voila/render/{PAGE}.ipynb")
    assert token not in pg.content().replace(f'value="{token}"', "")  # only in the form field
    with pg.expect_response(lambda r: r.request.method == "POST") as posted:
        pg.get_by_role("button", name="Sign in and start").click()
    set_cookie = posted.value.header_value("set-cookie") or ""
    assert "HttpOnly" in set_cookie and "Secure" in set_cookie and "SameSite=Lax" in set_cookie
    assert token not in set_cookie
    pg.wait_for_selector(".course-who", timeout=90_000)
    assert "Signed in as Robin Ashe" in pg.inner_text(".course-who")
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies[COOKIE]["httpOnly"] and cookies[COOKIE]["secure"]
    context.close()

    again = browser.new_context()
    pg = again.new_page()
    pg.goto(f"{base}/login?t={token}")
    pg.get_by_role("button", name="Sign in and start").click()
    assert "already been used, has expired, or was withdrawn" in pg.inner_text("main")
    assert "Traceback" not in pg.content()
    again.close()


def test_revoked_and_replaced_links_and_removed_learners_are_refused(base, store):
    """Does a new link stop the old one, and does removing a learner end their session?"""
    learner = store.add_learner("Kit Moss")
    old = store.new_link(learner.id)
    store.new_link(learner.id)
    assert store.redeem_link(old) is None
    session = cookie_for(store, learner.id)
    assert get(f"{base}/", session)[0] == 200
    store.remove_learner(learner.id)
    assert get(f"{base}/", session)[0] == 302


def test_a_forged_learner_header_is_overwritten(base, store, browser, module):
    """Does a signed-in learner who sends someone else's id in the learner header still save
    only to their own record?"""
    store.ensure_learner("victim")
    store.delete_data("victim")
    with page_for(
        browser, base, store, "forger", extra_http_headers={"X-Course-Learner": "victim"}
    ) as pg:
        pg.goto(f"{base}/voila/render/{module.id}.ipynb")
        wait_until_interactive(pg, module)
        assert "Forger" in pg.inner_text(".course-who")
        expected = answer_quiz(pg, module, "forger")
        last = module.quiz.questions[-1]
        pg.locator(f".course-{last.id}-status").get_by_text("saved").wait_for(timeout=10_000)
    assert store.get("forger", "answer") == expected
    assert store.get("victim", "answer") == {}


def test_theme_and_template_in_the_url_are_ignored(base, store, browser):
    """Is the crafted `?theme=` link harmless: no script of the attacker's in the page, and
    `?template=` neither hangs nor leaks a kernel?"""
    attack = '"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    with page_for(browser, base, store, "theme-tester") as pg:
        pg.goto(f"{base}/voila/render/{PAGE}.ipynb?theme={urllib.parse.quote(attack)}")
        pg.wait_for_selector(".course-who", timeout=90_000)
        assert pg.evaluate("window.pwned") is None
        assert "window.pwned" not in pg.content()
    status, _, body = get(
        f"{base}/voila/render/{PAGE}.ipynb?template=nope", cookie_for(store, "theme-tester")
    )
    assert status == 200 and "course-signpost" in body
    assert settle(base, "theme-tester", 1) == 1  # the tab's kernel stopped; the request's runs


def test_only_expected_host_names(base, store):
    """Does the server refuse a Host header it does not serve (DNS rebinding), and answer to
    localhost and to the host names it was given?"""
    session = cookie_for(store, "host-tester")
    port = base.rsplit(":", 1)[1]
    assert get(f"{base}/login", {"Host": f"evil.example:{port}"})[0] == 403
    assert get(f"{base}/", {**session, "Host": "evil.example"})[0] == 403
    assert get(f"{base}/voila/static/voila.js", {"Host": "evil.example"})[0] == 403
    assert get(f"{base}/login", {"Host": f"localhost:{port}"})[0] == 200
    assert get(f"{base}/login", {"Host": "course.example.org"})[0] == 200


def test_reloads_replace_kernels_and_each_learner_is_capped(base, store):
    """Does reloading a page replace its kernel rather than add one, and does a learner who opens
    more pages than the cap hold no more kernels than the cap?"""
    learner = "reloader"
    session = cookie_for(store, learner)
    for _ in range(3):
        assert get(f"{base}/voila/render/{PAGE}.ipynb", session)[0] == 200
    assert settle(base, learner, 1) == 1
    for module_id in ("risks", "policies", "privacy"):
        assert get(f"{base}/voila/render/{module_id}.ipynb", session)[0] == 200
    assert settle(base, learner, 2) == 2  # max_kernels_per_learner=2


def test_kernels_belong_to_their_learner_and_a_closed_tab_frees_its_kernel(base, store, browser):
    """Can one learner reach another's kernel by its id (no), and does closing a tab stop its
    kernel at once rather than after the idle cull?"""
    with page_for(browser, base, store, "owner") as pg:
        pg.goto(f"{base}/voila/render/{PAGE}.ipynb")
        pg.wait_for_selector(".course-who", timeout=90_000)
        kernel_id = pg.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        assert kernel_count(base.pid, "owner") == 1
        other = cookie_for(store, "intruder")
        assert get(f"{base}/api/kernels/{kernel_id}", other)[0] == 403
        assert get(f"{base}/api/kernels/{kernel_id}/channels", other)[0] in (400, 403)
        assert post(f"{base}/voila/api/shutdown/{kernel_id}", other) == 403
        assert kernel_count(base.pid, "owner") == 1
    # the tab closed: its beacon stops the kernel
    assert settle(base, "owner", 0, timeout=20) == 0


def test_a_page_kernel_runs_without_a_debugger(base, store, browser):
    """Does a learner's page kernel start as course.kernel, with no debugger loaded (about 8 MB
    of memory, and a way into the kernel, that no page needs)?"""
    with page_for(browser, base, store, "no-debugger") as pg:
        pg.goto(f"{base}/voila/render/{PAGE}.ipynb")
        pg.wait_for_selector(".course-who", timeout=90_000)
        (pid,) = kernel_pids(base.pid, "no-debugger")
        info = kernel_info(pid)
    assert info["cmdline"][1:3] == ["-m", "course.kernel"]
    assert info["status"] == "ok" and "debugger" not in info["supported_features"]
    assert info["language_info"]["name"] == "python"


def test_scripts_are_compressed_and_pages_never(base, store):
    """Are Voila's scripts sent gzip-compressed to a browser that accepts it (a first page loads
    5 MB of them), and pages never (a compressed page with a secret can leak it: BREACH)?"""
    headers = {**cookie_for(store, "zipper"), "Accept-Encoding": "gzip"}
    status, head, _ = get(f"{base}/voila/static/voila.js", headers)
    assert status == 200 and head.get("Content-Encoding") == "gzip"
    assert "javascript" in head["Content-Type"]
    pages = [(f"/voila/render/{PAGE}.ipynb", headers), ("/", headers)]
    for path, sent in [*pages, ("/login", {"Accept-Encoding": "gzip"})]:  # signed out: sign-in
        status, head, body = get(base + path, sent)
        assert status == 200 and "Content-Encoding" not in head and "<html" in body.lower(), path


def test_no_request_leaves_the_server(base, store, browser, module):
    """Does a module page load everything from the course's own server (no CDN)?"""
    with page_for(browser, base, store, "offline-tester") as pg:
        hosts = set()
        # data: and blob: addresses (an icon, a widget's script) are made in the page itself
        pg.on(
            "request",
            lambda r: r.url.startswith(("data:", "blob:"))
            or hosts.add(urllib.parse.urlsplit(r.url).hostname),
        )
        pg.goto(f"{base}/voila/render/{module.id}.ipynb")
        wait_until_interactive(pg, module)
    assert hosts == {"127.0.0.1"}, hosts


def test_a_full_server_says_so(built, tmp_path, store, browser):
    """With the server at its kernel limit, does the next learner get a clear 'busy' message and
    no kernel, while the others keep theirs?"""
    with course_server(
        built / "notebooks", free_port(), tmp_path / "full.log", store.url, max_kernels=1
    ) as url:
        assert get(f"{url}/voila/render/{PAGE}.ipynb", cookie_for(store, "first"))[0] == 200
        status, _, body = get(f"{url}/voila/render/{PAGE}.ipynb", cookie_for(store, "second"))
        assert "The course server is busy" in body and "Traceback" not in body, status
        assert kernel_count(url.pid) == 1


def test_warm_kernels_serve_each_learner_as_themselves(built, tmp_path, store, browser, module):
    """With warm kernels (started before anyone asks), does each page still run as the learner
    who opened it, saving to their own record only, one learner after another?"""
    log = tmp_path / "warm.log"
    with course_server(built / "notebooks", free_port(), log, store.url, warm_kernels=1) as url:
        for number, learner in enumerate(("warm-one", "warm-two"), start=1):
            poll(lambda n=number: log.read_text().count("warm kernel is ready") >= n, timeout=90)
            with page_for(browser, url, store, learner) as pg:
                pg.goto(f"{url}/voila/render/{module.id}.ipynb")
                wait_until_interactive(pg, module)
                assert learner.replace("-", " ").title() in pg.inner_text(".course-who")
                expected = answer_quiz(pg, module, learner)
                last = module.quiz.questions[-1]
                pg.locator(f".course-{last.id}-status").get_by_text("saved").wait_for()
            assert store.get(learner, "answer") == expected
        assert log.read_text().count("serves a page") == 2


def test_a_kernel_that_stops_while_room_is_made_is_no_error():
    """A reload stops its tab's old kernel; if another of the learner's kernels stops meanwhile
    (its tab closed), is the new page still served (it was a 500 with a KeyError)?"""
    import asyncio
    import threading

    from course.server.kernels import CourseKernelManager

    manager = CourseKernelManager()
    manager.owners = {"old": ("ann", "/p?module=b"), "closing": ("ann", "/p?module=a")}

    async def stop(kernel_id):  # as the server's own shutdown does, with the other tab closing
        manager.owners.pop(kernel_id, None)
        manager.owners.pop("closing", None)

    manager._stop = stop
    failed = []  # in a thread of its own: a browser test's event loop may run in this one
    thread = threading.Thread(
        target=lambda: failed.extend(_errors(asyncio.run, manager._make_room("ann", "/p?module=b")))
    )
    thread.start()
    thread.join(30)
    assert failed == [] and manager.owners == {}


def _errors(run, *args) -> list[Exception]:
    try:
        run(*args)
        return []
    except Exception as err:
        return [err]
