"""Serve the course to signed-in learners: the settings `python -m course serve` runs with.

Every setting here answers a measured problem (see the README's hosting section):
- learners are signed in before any kernel starts (course.server.identity), and the verified id
  reaches the kernel in one header, listed in ``http_header_envs``;
- no template or theme from the URL: ``?theme=`` was written into the page unescaped (XSS);
- only expected Host headers; 127.0.0.1 unless told otherwise;
- kernels capped per learner and in all; a reload replaces the page's kernel; idle ones culled;
- nbclient waits up to a minute for output, so a busy server never silently drops widgets;
- nbgrader's and notebook's lab extensions denied: they stopped widgets rendering (voila 1514);
- no traceback to the browser.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from course.learner import LEARNER_HEADER, SIGN_IN_ENV
from course.store import ENV_VAR as STORE_ENV

EXTENSION_DENYLIST = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"]
#: A kernel nobody is connected to (a closed tab whose beacon was lost) is stopped after this.
CULL_IDLE_SECONDS = 10 * 60
IOPUB_TIMEOUT_SECONDS = 60
TEMPLATES = Path(__file__).parent / "server" / "share"
#: Voila's settings wherever it runs: the course's server and Voila inside a Jupyter server.
VOILA_SETTINGS = {
    "VoilaConfiguration": {
        "extension_denylist": EXTENSION_DENYLIST,
        "allow_template_override": "NO",  # `?template=` hung and leaked a kernel
        "allow_theme_override": "NO",  # `?theme=` was written into the page unescaped (XSS)
        "show_tracebacks": False,
    },
    "VoilaExecutor": {"iopub_timeout": IOPUB_TIMEOUT_SECONDS},
}


def as_flags(settings: dict) -> list[str]:
    """Traitlets settings as command-line flags (a list gives one flag per item)."""
    flags = []
    for section, values in settings.items():
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                flags.append(f"--{section}.{name}={item}")
    return flags


@dataclass
class Settings:
    """How one server runs."""

    notebooks: Path
    port: int = 8866
    ip: str = "127.0.0.1"
    allowed_hosts: list[str] = field(default_factory=list)
    trusted_header: str = ""
    max_kernels: int = 100
    max_kernels_per_learner: int = 3
    max_rendering: int = 0
    warm_kernels: int = 2
    open_browser: bool = False


def page_resources(notebooks: Path) -> dict:
    """What the course's page template shows in its header: the course and the organisation
    (read when the server starts; the page's own signposting box reads the profile every time)."""
    from course.loader import shipped_course
    from course.organisation import current_organisation

    org, _ = current_organisation(notebooks)
    return {"course_title": shipped_course().title, "organisation": org.name}


def server_args(s: Settings) -> list[str]:
    """The command line of the course's Voila server."""
    args = [
        sys.executable, "-m", "course.server", str(s.notebooks),
        f"--port={s.port}",
        f"--Voila.ip={s.ip}",
        "--Voila.identity_provider_class=course.server.identity.LearnerIdentityProvider",
        f"--LearnerIdentityProvider.trusted_header={s.trusted_header}",
        f"--VoilaConfiguration.http_header_envs={LEARNER_HEADER}",
        "--VoilaConfiguration.template=course",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "course.server.kernels.CourseKernelManager",
        f"--CourseKernelManager.max_kernels={s.max_kernels}",
        f"--CourseKernelManager.max_kernels_per_learner={s.max_kernels_per_learner}",
        f"--CourseVoila.max_rendering={s.max_rendering}",
        f"--CourseKernelManager.warm_kernels={s.warm_kernels}",
        f"--CourseKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--CourseKernelManager.cull_interval=30",
    ]  # fmt: skip
    args += as_flags(VOILA_SETTINGS)
    resources = page_resources(s.notebooks)
    args += [f"--VoilaConfiguration.resources={k}={v}" for k, v in resources.items()]
    args += [f"--CourseVoila.allowed_hosts={host}" for host in s.allowed_hosts]
    if not s.open_browser:
        args.append("--no-browser")
    return args


def jupyter_settings() -> dict:
    """The same Voila settings for Voila inside a Jupyter server (a trainer's JupyterLab, Binder,
    JupyterHub), where pip enables Voila's server extension at /voila/render/."""
    return {
        **VOILA_SETTINGS,
        # Voila inlines a page's pictures through the contents manager and cannot await the
        # server's default async one: the page hung with "'coroutine' object is not subscriptable".
        "ServerApp": {
            "contents_manager_class": "jupyter_server.services.contents.largefilemanager."
            "LargeFileManager"
        },
    }


def write_jupyter_settings(config_dir: Path) -> Path:
    """Merge :func:`jupyter_settings` into ``config_dir``/jupyter_server_config.json, which every
    Jupyter server with ``config_dir`` on its config path reads (its ``.d`` folder holds only
    extension switches); return the file. Other settings already there are kept."""
    path = config_dir / "jupyter_server_config.json"
    config = json.loads(path.read_text()) if path.is_file() else {}
    for section, values in jupyter_settings().items():
        config.setdefault(section, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=1) + "\n")
    return path


def server_env(store_url: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment, which its kernels inherit: the store, sign-in required, and the
    course's page template on the Jupyter path."""
    env = dict(os.environ if base is None else base)
    env[STORE_ENV] = store_url
    env[SIGN_IN_ENV] = "required"
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in [str(TEMPLATES), env.get("JUPYTER_PATH")] if p)
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    return env


def serve(s: Settings, store_url: str) -> None:
    """Replace this process with the course's server."""
    host = "localhost" if s.ip in ("127.0.0.1", "::1") else (s.allowed_hosts or [s.ip])[0]
    print(f"Course home: http://{host}:{s.port}/", flush=True)
    print(
        'Learners sign in with a personal link: python -m course learners add "Full Name"',
        flush=True,
    )
    args = server_args(s)
    os.execve(args[0], args, server_env(store_url))
