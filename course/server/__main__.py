"""python -m course.server: the course's Voila server (see course/serve.py for its settings)."""

from course.server.app import main

main()
