"""The command line: build, check, serve (and, as they land, new and import). Only this module prints."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TextIO

from .config import SiteConfig, load_config, placeholder_base_url
from .errors import ContentError, ContentErrors, SearchFailed, ServeFailed
from .read import display_path
from .workers import Terminated, collect_rarely, stoppable

if TYPE_CHECKING:  # the pipeline is imported by the commands that run it: `import` starts faster
    from .build import BuildResult

COMMANDS = ("build", "check", "serve")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build.py", description="Registre: build the static archive of deliberations.")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("site_config.yaml"), help="site configuration (default: site_config.yaml)")
    common.add_argument("--content", type=Path, help="folder of the acts (default: from the configuration)")
    with_output = argparse.ArgumentParser(add_help=False)
    with_output.add_argument("--output", type=Path, help="folder to write the site to (default: from the configuration)")
    with_output.add_argument("--base-url", help="public address of the site (default: from the configuration)")
    with_output.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
    with_output.add_argument("--jobs", type=int, help="processes rendering pages (default: one per core, at most 4)")
    commands.add_parser("build", parents=[common, with_output], help="build the site into output/ (default)")
    check = commands.add_parser("check", parents=[common], help="validate the content, report every problem, write nothing")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format of the report")
    serve = commands.add_parser("serve", parents=[common, with_output], help="build, serve on 127.0.0.1 and rebuild on change")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    new = commands.add_parser("new", parents=[common], help="create the file of a new act, ready to fill in")
    new.add_argument("--number", required=True, help='the act\'s number, e.g. "ECO 004-2439/17/BM"')
    new.add_argument("--title", required=True, help="object of the act")
    new.add_argument("--date", required=True, help="date of the session, YYYY-MM-DD")
    new.add_argument("--rapporteur", required=True, help="who reports it")
    new.add_argument("--body", help="body code (default: from the number)")
    new.add_argument("--theme", help="theme code (default: from the number)")
    importing = commands.add_parser("import", parents=[common], help="turn official extracts (PDF, or pdftotext's text) into act files")
    importing.add_argument("extracts", nargs="+", type=Path, metavar="EXTRACT", help="an extract: its PDF, its text (pdftotext), or a folder of them")
    importing.add_argument("--output-dir", type=Path, help="folder for the new files (default: content/<year>/)")
    importing.add_argument("--force", action="store_true", help="replace a file that exists already")
    importing.add_argument("--ocr", action="store_true", help="read a scanned PDF with Tesseract (French), every field then listed to check")
    importing.add_argument("--body", help="body code of the sessions a list of deliberations gives, when it does not name it")
    return main


def main(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command; return the exit status (0 fine, 1 bad content, 2 bad usage)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    collect_rarely()
    args = list(argv)
    if not args or args[0].startswith("-") and args[0] not in ("-h", "--help"):
        args.insert(0, "build")
    try:
        options = parser().parse_args(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    with stoppable():
        return run(options, out, err)


def run(options: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        config = load_config(
            options.config,
            content_dir=options.content,
            output_dir=getattr(options, "output", None),
            base_url=getattr(options, "base_url", None),
        )
        if options.command == "check":
            return run_check(config, options.format, out, err)
        if options.command == "serve":
            return run_serve(options, config, out, err)
        if options.command == "new":
            return run_new(options, config, out)
        if options.command == "import":
            return run_import(options, config, out, err)
        return run_build(config, not options.no_search, out, err, options.jobs)
    except ContentErrors as exc:
        print_problems(exc.problems, err)
        return 1
    except ServeFailed as exc:
        print(f"error: {exc}", file=err)
        return 1
    except (SearchFailed, OSError) as exc:  # the machine, not the content: a full disk, Pagefind gone
        problem = str(exc)
        if isinstance(exc, OSError):
            problem = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror or problem
        print(f"error: {problem}; the site already published is as it was", file=err)
        return 1
    except KeyboardInterrupt as exc:
        print("interrupted; the site already published is as it was", file=err)
        return 143 if isinstance(exc, Terminated) else 130


def print_problems(problems: list[ContentError], err: TextIO) -> None:
    for problem in sorted(problems):
        print(problem, file=err)


def summary(result: BuildResult) -> str:
    return (
        f"{result.acts} acts, {result.pages} pages ({result.changed} files written), "
        f"{len(result.warnings)} warnings, {result.seconds:.2f} s"
    )


def progress_printer(err: TextIO) -> Callable[[str], None] | None:
    """Progress is for people watching a terminal; logs and tests get the errors and the summary."""
    return (lambda message: print(message, file=err, flush=True)) if err.isatty() else None


def run_build(config: SiteConfig, search: bool, out: TextIO, err: TextIO, jobs: int | None = None) -> int:
    from .build import Builder

    started = time.perf_counter()
    result = Builder(config, search=search, progress=progress_printer(err), jobs=jobs).build()
    # Said of a published build only: a preview is meant to be seen on this machine.
    result = result._replace(warnings=result.warnings + placeholder_base_url(config))
    print_problems(result.warnings, err)
    print(summary(result._replace(seconds=time.perf_counter() - started)), file=out)
    return 0


def run_serve(options: argparse.Namespace, config: SiteConfig, out: TextIO, err: TextIO) -> int:
    from .build import Builder, Written, claimed_output
    from .serve import serve  # watchdog is only needed here

    config_path = options.config.resolve()
    builder: Builder | None = None

    def rebuild(changed: set[Path] | None, written: Written) -> None:
        """Build what changed; on bad input print the errors and keep the last good site."""
        nonlocal builder
        try:
            if builder is None or changed is None or config_path in changed:
                fresh = load_config(options.config, content_dir=options.content, output_dir=options.output, base_url=options.base_url)
                builder = Builder(fresh, search=not options.no_search, progress=progress_printer(err), jobs=options.jobs)
                result = builder.rebuild(None, written)
            else:
                result = builder.rebuild(changed, written)
        except ContentErrors as exc:
            print_problems(exc.problems, err)
            print("build failed: still serving the last good site", file=err, flush=True)
            return
        print_problems(result.warnings, err)
        print(summary(result), file=err, flush=True)

    with claimed_output(config):  # for the whole preview: no other build swaps the site it serves
        serve(config, rebuild, options.host, options.port, lambda message: print(message, file=err, flush=True))
    return 0


def run_new(options: argparse.Namespace, config: SiteConfig, out: TextIO) -> int:
    from .scaffold import scaffold_act, write_new_act

    facts = {k: getattr(options, k) for k in ("number", "title", "date", "rapporteur", "body", "theme")}
    path, text = scaffold_act(config, facts)
    write_new_act(path, text)
    print(f"created {display_path(path)}: fill in the attendance, the vote and the text, then run `build.py check`", file=out)
    return 0


def run_import(options: argparse.Namespace, config: SiteConfig, out: TextIO, err: TextIO) -> int:
    from .importer import import_file

    sources = extract_files(options.extracts)
    say = progress_printer(err)
    status = 0
    rows: list[tuple[str, ...]] = []
    for done, source in enumerate(sources, 1):
        if say:
            say(f"[{done}/{len(sources)}] {display_path(source)}")
        try:
            acts = import_file(source, config, options.output_dir, options.force, options.ocr, options.body)
        except ContentErrors as exc:
            print_problems(exc.problems, err)
            rows.append((display_path(source), "", str(len(exc.problems)), "nothing written"))
            status = 1
            continue
        for order, imported in enumerate(acts, 1):  # a series of extracts: one row per act
            print_problems(imported.problems, err)
            to_complete = sorted({p.field or "?" for p in imported.problems})
            shown = display_path(source) + (f" ({order}/{len(acts)})" if len(acts) > 1 else "")
            rows.append((shown, str(len(imported.found)), str(len(to_complete)) + (f" ({', '.join(to_complete)})" if to_complete else ""), display_path(imported.target)))
            status = status or any(p.severity == "error" for p in imported.problems)
    print_table(("extract", "fields read", "to complete", "written"), rows, out)
    return status


def extract_files(arguments: list[Path]) -> list[Path]:
    """The files named, and the PDFs and text files of the folders named (sorted)."""
    files = []
    for argument in arguments:
        if argument.is_dir():
            files += sorted(p for p in argument.rglob("*") if p.suffix.lower() in (".pdf", ".txt") and p.is_file())
        else:
            files.append(argument)
    return files


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip(), file=out)


def run_check(config: SiteConfig, fmt: str, out: TextIO, err: TextIO) -> int:
    from .build import check_site

    problems = check_site(config)
    if fmt == "json":
        print(json.dumps([p.as_dict() for p in sorted(problems)], ensure_ascii=False, indent=2), file=out)
    else:
        print_problems(problems, out)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    withheld = len(problems) - errors - warnings
    print(f"{errors} errors, {warnings} warnings" + (f", {withheld} passages withheld from publication" if withheld else ""), file=err)
    return 1 if errors else 0
