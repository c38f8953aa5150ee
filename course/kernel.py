"""The kernel of a page on the course's server: IPython's kernel without its debugger.

ipykernel loads debugpy when it starts, whenever it is installed (JupyterLab installs it). On a
learner's page that is about 8 MB of every kernel's memory (measured: 56.7 MB against 49.1 MB,
the course imported) for a debugger nobody uses there, and one more way into the kernel. The
server starts its kernels as ``python -m course.kernel -f CONNECTION_FILE`` instead of
``-m ipykernel_launcher`` (see course.server.kernels); Jupyter's own kernels are unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    # As ipykernel_launcher: the working folder leaves sys.path while the kernel loads (IPython
    # puts it back for the notebook).
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    sys.modules["debugpy"] = None  # importing it fails, so ipykernel starts without a debugger

    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
