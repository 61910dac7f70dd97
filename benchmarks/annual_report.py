"""The annual report over 10,000 incidents: counted, charted and typeset.

    .venv/bin/python benchmarks/annual_report.py                 # SQLite in a temporary folder
    .venv/bin/python benchmarks/annual_report.py --incidents 2000 --repeats 3 --since 2023
    .venv/bin/python benchmarks/annual_report.py --since 2000 --until 2025   # every incident
    .venv/bin/python benchmarks/annual_report.py --database-url postgresql+psycopg://…

Seeds the bundled data plus generated incidents (benchmarks/web_latency.py's generator,
2000 to 2025), then measures, each the median of ``--repeats`` runs, each run on a new Toolbox
so that no derived view is reused from the run before:

- reference: the store's statistics summary of the period alone (one aggregate read), the
  floor any report over the period stands on;
- report: ``toolbox.reports.annual`` (every figure, trends over five years);
- HTML: the report and its HTML document, charts included;
- PDF: the report and its PDF (WeasyPrint), charts included.

Prints the seconds of each and its ratio to the reference. Target: the PDF (the slowest)
in under 10 s. Not a test: nothing here asserts the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# The benchmark folder is not a package: its generator is imported from beside this file.
from web_latency import seed

from cdtoolbox.knowledge import KnowledgeBase, load_knowledge
from cdtoolbox.model import IncidentFilter, PartialDate
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.report import AnnualReport, ReportFormat, render_report
from cdtoolbox.toolbox import Settings, Toolbox

TARGET_SECONDS = 10.0


def median_seconds(
    run: Callable[[Toolbox], object], url: str, knowledge: KnowledgeBase, repeats: int
) -> float:
    times = []
    for _ in range(repeats):
        with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
            started = time.perf_counter()
            run(toolbox)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--since", default="2024", help="the period, as `cdt report annual`")
    parser.add_argument("--until", default=None, help="as `cdt report annual`")
    parser.add_argument("--database-url", default=None)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'annual.db'}"
        print(f"Seeding {options.incidents:,} incidents…")
        seed(url, options.incidents)
        knowledge = load_knowledge()
        first = PartialDate.parse(options.since).earliest
        last = PartialDate.parse(options.until or options.since).latest
        query = IncidentFilter(since=first, until=last)

        def reference(toolbox: Toolbox) -> object:
            with toolbox.database.read() as store:
                return store.statistics.summary(query)

        def report(toolbox: Toolbox) -> AnnualReport:
            return toolbox.reports.annual(options.since, options.until, by=SYSTEM_USER)

        def html(toolbox: Toolbox) -> object:
            return render_report(report(toolbox), ReportFormat.HTML)

        def pdf(toolbox: Toolbox) -> object:
            return render_report(report(toolbox), ReportFormat.PDF)

        # One untimed run: imports (WeasyPrint, Pango, fonts) are paid once per process.
        with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
            counted = toolbox.reports.annual(options.since, options.until, by=SYSTEM_USER)
            pdf(toolbox)
        incidents = next(f.count for f in counted.key_figures if f.key == "incidents")
        print(
            f"{counted.title}: {incidents:,} incidents in the period, median of "
            f"{options.repeats} runs"
        )
        floor = median_seconds(reference, url, knowledge, options.repeats)
        print(f"  reference (statistics summary)  {floor:7.3f} s")
        for name, run in (
            ("report (figures)", report),
            ("report + HTML", html),
            ("report + PDF", pdf),
        ):
            seconds = median_seconds(run, url, knowledge, options.repeats)
            print(f"  {name:<31} {seconds:7.3f} s  ({seconds / floor:,.0f} times the reference)")
        print(f"Target: report + PDF under {TARGET_SECONDS:.0f} s.")


if __name__ == "__main__":
    main()
