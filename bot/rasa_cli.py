"""The `rasa` command, started so that its server comes up fast and small: `python rasa_cli.py run`.

- Rasa saves the intent classifier with skops, and `skops.io` builds a table of trusted types when
  it is first imported: for each of NumPy's and SciPy's 765 ufuncs (which have no `__module__`)
  it searches every module loaded so far. Imported after Rasa and TensorFlow (5,800 modules),
  that took 6.4 s of the server's 14 s start; imported first, 1.5 s.
- `run` builds the components' big read-only tables (`components.preload`) before Sanic forks
  its workers, so that they share them instead of building one copy each.

Everything else is the `rasa` command itself (docs/performance.md).
"""
import sys

import skops.io  # noqa: F401  (first, on purpose: see above)

# isort: split
from rasa.__main__ import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["run"]:
        import components

        components.preload()
    main()
