"""pypdf's side of the PDF benchmark (tools/bench/src/pdf_speed.rs): the text of every page of
each file named on stdin (one path a line), timed per file, with the process's peak memory.

Every file is read into memory first (the disk is not timed), then each is timed from
`PdfReader(...)` to the last page's `extract_text()` — what a Python ingestion step would do. An
encrypted file is tried with the empty password, as viewers do; a page that raises is counted
and skipped, as MediClear's reader skips a page it cannot read; a file whose reader cannot be
built, or whose every page raised, is refused. A file that takes longer than `--timeout` seconds
is refused as timed out (the bench passes MediClear's own time budget).

Prints one JSON object a line: {"file", "ok", "pages", "failed_pages", "characters" (of text,
whitespace aside, counted untimed on the first pass), "seconds": [one a pass], "error"}, then
{"cpu_seconds": the process's CPU time over all passes, "max_rss_kib": its peak resident memory,
"python": the interpreter}. `--passes N` reads the list N times; a file refused once is not
read again.
"""

import argparse
import io
import json
import platform
import resource
import signal
import sys
import time

from pypdf import PdfReader


class TimedOut(Exception):
    pass


def on_alarm(_signum, _frame):
    raise TimedOut()


def read(data):
    """(pages, failed pages, the pages' texts) of one file; raises when it cannot be opened."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    pages = len(reader.pages)
    failed = 0
    texts = []
    for page in reader.pages:
        try:
            texts.append(page.extract_text())
        except TimedOut:
            raise
        except Exception:  # noqa: BLE001 - a page that fails is counted, as MediClear counts it
            failed += 1
    if pages and failed == pages:
        raise ValueError("no page could be read")
    return pages, failed, texts


def peak_rss_kib():
    """This process's peak resident memory, KiB: VmHWM, as MediClear's side reads it.

    Not getrusage's ru_maxrss: Linux keeps that across execve, so a child spawned by a large
    parent (with vfork, as Rust's Command does) would report the parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, required=True, help="seconds one file may take")
    parser.add_argument("--passes", type=int, default=1, help="times the list is read")
    args = parser.parse_args()
    timeout, passes = args.timeout, args.passes
    files = [line.strip() for line in sys.stdin if line.strip()]
    contents = {}
    for path in files:
        with open(path, "rb") as f:
            contents[path] = f.read()
    signal.signal(signal.SIGALRM, on_alarm)
    results = {path: {"file": path, "ok": True, "pages": 0, "failed_pages": 0, "characters": 0, "seconds": [], "error": None} for path in files}
    cpu_started = time.process_time()
    for _ in range(passes):
        for path in files:
            result = results[path]
            if not result["ok"]:
                continue
            signal.alarm(timeout)
            started = time.perf_counter()
            try:
                pages, failed, texts = read(contents[path])
                elapsed = time.perf_counter() - started
                result["seconds"].append(elapsed)
                if len(result["seconds"]) == 1:
                    # Outside the timing, as MediClear's count is.
                    characters = sum(not c.isspace() for text in texts for c in text)
                    result.update(pages=pages, failed_pages=failed, characters=characters)
            except TimedOut:
                result.update(ok=False, error=f"timed out ({timeout} s)")
            except Exception as e:  # noqa: BLE001 - every refusal is reported by its kind
                result.update(ok=False, error=type(e).__name__)
            finally:
                signal.alarm(0)
    cpu_seconds = time.process_time() - cpu_started
    for path in files:
        print(json.dumps(results[path]))
    # Linux reports ru_maxrss in KiB.
    interpreter = f"{platform.python_implementation()} {platform.python_version()}"
    print(json.dumps({"cpu_seconds": cpu_seconds, "max_rss_kib": peak_rss_kib(), "python": interpreter}))


if __name__ == "__main__":
    main()
