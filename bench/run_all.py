"""Run every benchmark in bench/ and rewrite bench/RESULTS.md (``make bench``)."""

from __future__ import annotations

import datetime
import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine, print_figures  # noqa: E402

HELPERS = {"common", "servers", "run_all"}


def main(selected: list[str]) -> int:
    names = selected or sorted(path.stem for path in HERE.glob("*.py") if path.stem not in HELPERS)
    sections = []
    for name in names:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        figures = importlib.import_module(name).run()
        print_figures(figures)
        doc = " ".join((importlib.import_module(name).__doc__ or "").strip().split("\n\n")[0].split())
        rows = "\n".join(figure.row() for figure in figures)
        sections.append(f"## {name}\n\n{doc}\n\n| figure | median | p10–p90 (ms) | target | note |\n|---|---|---|---|---|\n"
                        f"{rows}\n\n_ran in {time.perf_counter() - started:.0f} s_\n")
    header = (f"# Benchmark results\n\nWritten by `make bench` (bench/run_all.py) on "
              f"{datetime.date.today().isoformat()}, {machine()}. This machine is shared and noisy: compare "
              "the ratios, measured within one run, more than the absolute numbers.\n\n")
    (HERE / "RESULTS.md").write_text(header + "\n".join(sections), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
