"""`frictionaudit batch`: its options, and what it does with them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from frictionaudit.errors import TargetError, UsageError

if TYPE_CHECKING:
    from frictionaudit.batch.sites import Site

EPILOG = """\
SITES is a TOML site file (.toml) or a plain list of URLs (one a line, # comments):

  [[site]]
  name = "Our shop"                  # shown in the index; the folder is its slug
  url = "https://shop.example.com"
  primary = true                     # the client: compared with the other sites
  journeys = ["signup", "checkout"]  # autopilot journeys (default: auto)
  flows = ["flows/checkout.toml"]    # flow files, relative to the site file
  allow_irreversible = false
  auth_file = "auth/shop.toml"       # secrets stay in their own file
  time_limit = 300                   # seconds (default: --time-limit)
  [site.context]                     # as [context] in friction.toml
  locale = "fr-FR"
  [site.budgets.checkout]            # as [budgets] in friction.toml
  max_fields = 12

Output: OUT/<site-slug>/ holds each site's report, as `audit` writes it;
OUT/index.html, index.md and index.json compare the sites (index.json's JSON
Schema: `frictionaudit schema --index`). The index is rewritten after every
site, so Ctrl-C keeps what finished; --resume runs only the sites not yet
audited. --baseline names an earlier batch folder: each site is compared with its
own report there. Exit codes: 0 every site audited and within budget; 1 a site broke
its budgets or could not be audited; 2 usage error; 3 no site could be
audited; 130 interrupted.

Workers: --workers N runs N sites at a time on this machine (a Dask
LocalCluster, one Chromium per worker; 1 runs them here one by one);
--scheduler tcp://HOST:8786 sends them to a running Dask cluster whose
workers have frictionaudit and Chromium (docs/batch.md).
"""


def add_parser(sub, common, device_args, journey_args) -> None:
    batch = sub.add_parser(
        "batch", help="audit many sites and compare them",
        description="Audit many sites, each as `audit` would, and compare them in an index.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.add_argument("sites", nargs="?", type=Path, metavar="SITES",
                       help="a TOML site file or a list of URLs (or use --sitemap)")
    source = batch.add_argument_group("sites from a sitemap")
    source.add_argument("--sitemap", metavar="URL", help="audit the page URLs of a sitemap")
    source.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="only URLs matching this glob, e.g. '*/product/*' (may repeat)")
    source.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip URLs matching this glob (may repeat)")
    source.add_argument("--max-sites", type=int, default=0, metavar="N",
                        help="at most N URLs from the sitemap")
    run = batch.add_argument_group("how the batch runs")
    run.add_argument("--workers", type=int, metavar="N",
                     help="sites audited at once on this machine (default: fitted to cores "
                     "and memory; 1: one by one in this process)")
    run.add_argument("--scheduler", metavar="tcp://HOST:8786",
                     help="a running Dask scheduler to send the sites to")
    run.add_argument("--time-limit", type=float, default=600.0, metavar="SECONDS",
                     help="wall time one site may take before it is recorded as failed "
                     "(default 600)")
    run.add_argument("--resume", action="store_true",
                     help="keep the sites OUT already holds complete reports of")
    journey_args(batch.add_argument_group("journeys of sites that do not name their own"))
    common(batch)
    device_args(batch)


def batch(args: argparse.Namespace, console: Console) -> int:
    from frictionaudit.batch.runner import Batch, check_out, default_workers, make_tasks
    from frictionaudit.output import default_out

    sites = _sites(args)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers: at least 1")
    if args.time_limit <= 0:
        raise UsageError("--time-limit: a number of seconds above 0")
    if args.baseline is not None and not args.baseline.is_dir():
        raise UsageError(f"--baseline {args.baseline}: for a batch, an earlier batch folder")
    out = args.out or default_out("batch")
    check_out(out, args.resume)
    workers = args.workers or default_workers(len(sites))
    tasks = make_tasks(sites, args, console, args.time_limit)
    settings = {"workers": workers, "scheduler": args.scheduler,
                "time_limit": args.time_limit, "sites": len(sites)}
    runner = Batch(sites, tasks, out, settings, console)
    todo = runner.resume() if args.resume else tasks
    where = args.scheduler or (f"{workers} workers" if workers > 1 else "this process")
    console.print(escape(f"batch: {len(todo)} of {len(sites)} sites to audit on {where}; "
                         f"output {out}"), highlight=False)
    try:
        index = runner.run(todo, workers, args.scheduler)
    except KeyboardInterrupt:
        console.print(f"[yellow]interrupted[/]: finished sites and the index are in "
                      f"{escape(str(out))}")
        raise
    console.print(f"{escape(index.verdict)}\nindex: [bold]{escape(str(out / 'index.html'))}[/]",
                  highlight=False)
    if getattr(args, "json", False):
        print(json.dumps({"verdict": index.verdict, "exit_code": index.exit_code,
                          "index": str(out / "index.json"),
                          "sites": [{"slug": e.slug, "status": e.status, "reason": e.reason,
                                     "overall": e.scores.overall if e.scores else None}
                                    for e in index.sites]}))
    if index.exit_code == 3:
        raise TargetError(f"no site could be audited (index: {out / 'index.json'})")
    return index.exit_code


def _sites(args: argparse.Namespace) -> list[Site]:
    from frictionaudit.batch.sites import load_sites, sitemap_sites, with_slugs

    if (args.sites is None) == (args.sitemap is None):
        raise UsageError("batch: give SITES (a site file or URL list) or --sitemap URL")
    if args.sitemap is not None:
        sites = sitemap_sites(args.sitemap, args.include, args.exclude, args.max_sites)
    else:
        if args.include or args.exclude or args.max_sites:
            raise UsageError("--include, --exclude and --max-sites go with --sitemap")
        sites = load_sites(args.sites)
    for site in sites:  # the command line's journeys for sites that name none of their own
        if not site.journeys and not site.flows:
            site.journeys = list(args.journey or [])
            site.flows = [f.resolve() for f in args.flow]
            site.allow_irreversible = site.allow_irreversible or args.allow_irreversible
    return with_slugs(sites)
