"""The terminal summary prints what the site and the user wrote as it is: rich reads square
brackets as styles, so a journey called "checkout [guest]" or a reason quoting "[[rule]]"
lost its words before they were escaped."""

from __future__ import annotations

from rich.console import Console

from frictionaudit.report.console import print_comparison, print_summary


def test_brackets_in_names_reasons_and_paths_print_as_they_are(report_dir):
    report, _ = report_dir
    journey = report.journeys[0]
    journey.name, journey.reason = "checkout [guest]", "HTTP 500 on /cart?[id]=1 [bold]"
    report.target = "https://shop.test/[fr]/"
    report.gate.comparison.baseline = "baselines/[main]/report.json"
    report.gate.comparison.metric_deltas[0].journey = "checkout [guest]"
    console = Console(record=True, width=300, color_system=None)
    print_summary(report, console)
    print_comparison(report.gate.comparison, console)
    text = console.export_text()
    for said in ("checkout [guest]", "HTTP 500 on /cart?[id]=1 [bold]", "https://shop.test/[fr]/",
                 "baseline baselines/[main]/report.json", "checkout [guest]: steps 3 → 4"):
        assert said in text, said
