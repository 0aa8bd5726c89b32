#!/usr/bin/env python3
"""The report's SQL at scale (issue 22, item 5): `scripts/figures_sql.py` timed on DuckDB
(embedded, the Python package) and on Spark in standalone mode (a master and two workers
of one core each, on loopback, started from the pip pyspark), over

  * the 1M-row CSV of `make bench` (target/bench-data/million.csv) exported with
    `hotline export --parquet`, and
  * a ×20 set made from that export by replication in DuckDB: every ticket 20 times with a
    distinct id and source row, months kept. Counts scale ×20; every distribution (shares,
    rankings, rates) stays that of the 1M file. The settings tables are copied; the repeats
    the core found are replicated with the tickets (each cluster once per copy, its tickets
    the copy's), as the core would find them if each copy were a city of its own.

Writes its section of BENCHMARKS.md between `<!-- bench-sql:begin -->` and
`<!-- bench-sql:end -->` (replaced on every run; scripts/bench.mjs keeps it when it rewrites
the file) and the same text to target/bench-sql.md. `make bench` runs it last
(`scripts/bench.sh --no-sql` skips it).

    python3 scripts/bench_sql.py                 # the full run: 1M and 20M rows (long)
    python3 scripts/bench_sql.py --quick         # two-months.csv (125k rows) and ×2, one run each
    python3 scripts/bench_sql.py --rows-scale 5 --base target/bench-data/year.csv
    python3 scripts/bench_sql.py --quick --no-spark --benchmarks /tmp/B.md

Time = the wall time of one whole `figures_sql.py` process (interpreter, engine start,
views, every src/sql file, the JSON written); "SQL" = the files' times it prints. Peak
memory = VmHWM (the peak resident set) of each process: DuckDB's from wait4's ru_maxrss;
Spark's master, workers, executors and driver (Python and its JVM) from /proc/<pid>/status,
sampled every 0.1 s until each exits.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
HOTLINE = os.path.join(ROOT, "target", "release", "hotline")
DATA = os.path.join(ROOT, "target", "bench-data")
FIGURES_SQL = os.path.join(HERE, "figures_sql.py")
BEGIN = "<!-- bench-sql:begin -->"
END = "<!-- bench-sql:end -->"
PROVINCE_ROWS = 16_000_000  # Guangdong's 21 cities, a year (issue 22)
MONTHS_A_YEAR = 12

# The sample options bench.mjs generates its inputs with (by file name).
SAMPLE_ARGS = {
    "million.csv": ["--months", "16", "--scale", "1.045"],
    "year.csv": ["--months", "12", "--scale", "1.07"],
    "two-months.csv": [],
}


def log(*parts):
    print("bench-sql:", *parts, file=sys.stderr, flush=True)


# ---------- formatting ----------


def fmt_s(seconds):
    if seconds is None:
        return "—"
    if seconds < 10:
        return f"{seconds:.2f} s"
    if seconds < 100:
        return f"{seconds:.1f} s"
    return f"{seconds:,.0f} s"


def fmt_mb(kib):
    return "—" if kib is None else f"{kib / 1024:,.0f} MB"


def fmt_n(n):
    return f"{n:,}"


def dir_bytes(path):
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    return total


# ---------- inputs ----------


def ensure_csv(path):
    if os.path.exists(path):
        return
    name = os.path.basename(path)
    if name not in SAMPLE_ARGS:
        sys.exit(f"bench-sql: {path} does not exist (and is not one of the bench's generated files)")
    log(f"generating {path}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    subprocess.run([HOTLINE, "sample", "--format", "csv", "--out", path, *SAMPLE_ARGS[name]], check=True)


def stamp_of(*paths, **extra):
    parts = {p: [os.path.getsize(p), os.stat(p).st_mtime_ns] for p in paths}
    parts.update(extra)
    return parts


def fresh(folder, stamp, force):
    """Whether `folder` holds what `stamp` describes (made by an earlier run)."""
    path = os.path.join(folder, ".bench-sql-stamp.json")
    if force or not os.path.exists(path):
        return False
    try:
        return json.load(open(path)) == json.loads(json.dumps(stamp))
    except ValueError:
        return False


def write_stamp(folder, stamp):
    with open(os.path.join(folder, ".bench-sql-stamp.json"), "w") as f:
        json.dump(stamp, f)


def export(csv, folder, force):
    stamp = stamp_of(csv, HOTLINE)
    if not fresh(folder, stamp, force):
        log(f"hotline export --parquet {os.path.relpath(folder, ROOT)} {os.path.relpath(csv, ROOT)}")
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([HOTLINE, "export", "--parquet", folder, csv], check=True, stdout=subprocess.DEVNULL)
        write_stamp(folder, stamp)
    return json.load(open(os.path.join(folder, "accounting.json"), encoding="utf-8"))


def replicate(base, folder, copies, force):
    """`copies` copies of the export in `base`, made in a DuckDB child process."""
    stamp = stamp_of(os.path.join(base, ".bench-sql-stamp.json"), copies=copies)
    if not fresh(folder, stamp, force):
        log(f"replicating {os.path.relpath(base, ROOT)} ×{copies} in DuckDB → {os.path.relpath(folder, ROOT)}")
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, os.path.abspath(__file__), "--_replicate", base, folder, str(copies)], check=True)
        log(f"replicated in {time.perf_counter() - started:.1f} s")
        write_stamp(folder, stamp)
    return json.load(open(os.path.join(folder, "accounting.json"), encoding="utf-8"))


def replicate_now(base, folder, copies):
    """The replication itself (run as `bench_sql.py --_replicate BASE OUT N`).

    Copy k of a ticket: id `<id>-<k>` (k > 0; copy 0 keeps the original), source_row +
    k × stride (stride = the largest source row + 1, so (month, source_file, source_row)
    stays a key), every other field as it was. Rows are written copy after copy (not a
    ticket's copies side by side, which would compress unrealistically well), one file per
    month, at most 1,048,576 rows a row group (the arrow-rs writer's default, as
    `hotline export` would write so large a month). The repeats' tables get the same copies
    (cluster and false-closure numbers offset per copy); the settings and the new phrases
    are copied as they are.
    """
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    tickets = os.path.join(base, "tickets", "*", "*.parquet")
    stride = con.execute(f"SELECT MAX(source_row) + 1 FROM read_parquet('{tickets}')").fetchone()[0] or 1
    repeats = os.path.join(base, "repeats")
    repeat_files = [os.path.join(repeats, n) for n in sorted(os.listdir(repeats))] if os.path.isdir(repeats) else []
    for path in repeat_files:
        columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        for column in ("source_row", "closed_row", "returned_row"):
            if column in columns:
                top = con.execute(f"SELECT MAX({column}) + 1 FROM read_parquet('{path}')").fetchone()[0]
                stride = max(stride, top or 0)
    if (stride - 1) * copies >= 2**31:
        sys.exit("bench-sql: too many copies for the repeats' 32-bit source rows")
    months = sorted(os.listdir(os.path.join(base, "tickets")))
    for month in months:
        os.makedirs(os.path.join(folder, "tickets", month))
        source = os.path.join(base, "tickets", month, "*.parquet")
        target = os.path.join(folder, "tickets", month, "tickets.parquet")
        con.execute(
            f"""COPY (
                  SELECT t.* REPLACE (
                           CASE WHEN r.k = 0 THEN t.id ELSE t.id || '-' || CAST(r.k AS VARCHAR) END AS id,
                           t.source_row + r.k * {stride} AS source_row)
                  FROM read_parquet('{source}', hive_partitioning = false) t
                  CROSS JOIN range({copies}) r(k)
                  ORDER BY r.k, t.source_row
                ) TO '{target}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1048576)"""
        )
        log(f"  {month}")
    shutil.copytree(os.path.join(base, "settings"), os.path.join(folder, "settings"))
    # The new phrases are taken as the core found them in the base (the SQL reads them, it
    # does not compute them: their counts are not scaled).
    if os.path.isdir(os.path.join(base, "warning")):
        shutil.copytree(os.path.join(base, "warning"), os.path.join(folder, "warning"))
    if os.path.isdir(repeats):
        os.makedirs(os.path.join(folder, "repeats"))
    for path in repeat_files:
        name = os.path.basename(path)
        columns = {c[0]: c[1] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
        offsets = {}
        for column in ("source_row", "closed_row", "returned_row"):
            if column in columns:
                offsets[column] = stride
        for column in ("cluster_no", "position"):
            if column in columns:
                top = con.execute(f"SELECT COALESCE(MAX({column}), 0) + 1 FROM read_parquet('{path}')").fetchone()[0]
                offsets[column] = top
        replace = ", ".join(
            f"CAST(t.{c} + r.k * {step} AS {columns[c]}) AS {c}" for c, step in offsets.items()
        )
        select = f"t.* REPLACE ({replace})" if replace else "t.*"
        con.execute(
            f"""COPY (SELECT {select} FROM read_parquet('{path}') t CROSS JOIN range({copies}) r(k)
                      ORDER BY r.k) TO '{os.path.join(folder, "repeats", name)}' (FORMAT parquet)"""
        )
    accounting = json.load(open(os.path.join(base, "accounting.json"), encoding="utf-8"))
    counts = dict(
        con.execute(
            f"""SELECT month, COUNT(*) FROM read_parquet('{os.path.join(folder, "tickets", "*", "*.parquet")}',
                hive_partitioning = true) GROUP BY month"""
        ).fetchall()
    )
    expected = {m: n * copies for m, n in accounting["months"]}
    if counts != expected:
        sys.exit(f"bench-sql: replicated counts {counts} are not ×{copies} of {expected}")
    accounting["replicated"] = {
        "from": os.path.relpath(base, ROOT),
        "copies": copies,
        "how": "every ticket `copies` times: id `<id>-<k>` (k > 0), source_row + k × stride, months kept; "
        "repeats replicated the same way, settings copied",
        "stride": stride,
    }
    accounting["accounting"] = {k: (v * copies if isinstance(v, int) else v) for k, v in accounting["accounting"].items()}
    accounting["months"] = [[m, n * copies] for m, n in accounting["months"]]
    with open(os.path.join(folder, "accounting.json"), "w", encoding="utf-8") as f:
        json.dump(accounting, f, ensure_ascii=False, indent=1)


def warm(folder):
    """Reads every file once, so each engine starts from the OS's cache."""
    for parent, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(parent, name), "rb") as f:
                while f.read(1 << 22):
                    pass


# ---------- processes and their memory ----------


def proc_table():
    """{pid: ppid} of every process."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read().decode("utf-8", "replace")
            table[int(name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError):
            pass
    return table


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def vm_hwm(pid):
    """The peak resident set (KiB) of the process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Sampler:
    """Samples VmHWM of the given processes and all their descendants every `every` s.
    `roots` maps a pid to its label; a descendant is labelled by `classify`."""

    def __init__(self, roots, classify, every=0.1):
        self.roots = dict(roots)
        self.classify = classify
        self.every = every
        self.peaks = {}  # pid -> [label, kib]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def add_root(self, pid, label):
        self.roots[pid] = label

    def loop(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.every)
        self.sample()

    def sample(self):
        table = proc_table()
        children = {}
        for pid, ppid in table.items():
            children.setdefault(ppid, []).append(pid)
        for root, label in list(self.roots.items()):
            stack = [(root, label, None)]
            while stack:
                pid, root_label, parent = stack.pop()
                if pid not in table:
                    continue
                name = root_label if parent is None else self.classify(cmdline(pid), root_label)
                if name is not None:
                    kib = vm_hwm(pid)
                    if kib is not None:
                        entry = self.peaks.setdefault(pid, [name, 0])
                        entry[0] = name
                        entry[1] = max(entry[1], kib)
                stack.extend((child, root_label, pid) for child in children.get(pid, []))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join()

    def by_label(self):
        """{label: largest peak} (several processes of one label: the largest)."""
        out = {}
        for label, kib in self.peaks.values():
            out[label] = max(out.get(label, 0), kib)
        return out


TIMEOUT = [7200.0]  # seconds a figures_sql.py run may take (--timeout)


def run_timed(argv, env, stderr_path, roots=None, classify=None):
    """Runs argv to its end in a process group of its own: (seconds, exit code, ru_maxrss
    KiB, sampler). With `roots` ({pid: label}), a Sampler follows the child (labelled
    "driver (Python)"), those processes and all their descendants while it runs. After
    TIMEOUT seconds the group is killed and a line saying so ends the stderr file."""
    with open(stderr_path, "w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)

        def give_up():
            with open(stderr_path, "a") as late:
                late.write(f"\ntimed out after {TIMEOUT[0]:.0f} s (--timeout): killed\n")
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = threading.Timer(TIMEOUT[0], give_up)
        timer.daemon = True
        timer.start()
        sampler = None
        try:
            if roots is not None:
                sampler = Sampler({child.pid: "driver (Python)", **roots}, classify)
                sampler.__enter__()
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
        except BaseException:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass
            child.wait()
            raise
        finally:
            timer.cancel()
            if sampler is not None:
                sampler.__exit__()
            # Whatever the child left behind in its group (a driver's JVM) goes with it.
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except OSError:
                pass
    return seconds, child.returncode, usage.ru_maxrss, sampler


def sql_times(stderr_path, engine):
    """The per-file times and their sum that figures_sql.py printed."""
    files, total = {}, None
    for line in open(stderr_path, encoding="utf-8", errors="replace"):
        m = re.match(r"^(\w+\.sql): ([\d.]+) s$", line.strip())
        if m:
            files[m.group(1)] = float(m.group(2))
        m = re.match(rf"^{engine}: ([\d.]+) s in all$", line.strip())
        if m:
            total = float(m.group(1))
    return files, total


def failure(stderr_path):
    lines = [l.strip() for l in open(stderr_path, encoding="utf-8", errors="replace") if l.strip()]
    wanted = [l for l in lines if l.startswith("timed out after")] or [
        l for l in lines if re.match(r"^\w+\.sql: \w+", l) and not re.match(r"^\w+\.sql: [\d.]+ s$", l)
    ]
    text = (wanted or lines or ["no message"])[-1]
    return text[:160].replace("|", "\\|")


# ---------- figures ----------


def compare(reference, other):
    """'same' or the number of fields that differ (scripts/compare_figures.py's rules)."""
    sys.path.insert(0, HERE)
    import compare_figures as cf

    a, b = cf.normal(cf.figures_of(reference)), cf.normal(cf.figures_of(other))
    out = []
    for section in sorted(b):
        cf.differences(a.get(section), b.get(section), section, out)
    return out


# ---------- DuckDB ----------


def duckdb_runs(data_dir, runs, work, tag):
    results = []
    for i in range(runs):
        out = os.path.join(work, f"duckdb-{tag}-{i}.json")
        err = os.path.join(work, f"duckdb-{tag}-{i}.stderr")
        argv = [sys.executable, FIGURES_SQL, "--engine", "duckdb", data_dir, "--out", out]
        seconds, code, maxrss, _ = run_timed(argv, dict(os.environ), err)
        files, total = sql_times(err, "duckdb")
        result = {"seconds": seconds, "sql": total, "files": files, "rss": maxrss, "out": out}
        if code != 0:
            result["error"] = failure(err)
        log(f"duckdb {tag} run {i + 1}/{runs}: " + (result.get("error") or f"{seconds:.2f} s, {maxrss / 1024:.0f} MB"))
        results.append(result)
        if code != 0:
            break
    return summarise(results)


def summarise(results):
    good = [r for r in results if "error" not in r]
    if not good:
        return {"error": results[-1]["error"], "runs": results}
    chosen = sorted(good, key=lambda r: r["seconds"])[(len(good) - 1) // 2]  # the median run
    summary = {**chosen, "all": [r["seconds"] for r in good]}
    if all("rss" in r for r in good):
        summary["rss_max"] = max(r["rss"] for r in good)
    return summary


# ---------- Spark standalone ----------


def java_path():
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "([^"]+)"', out)
    return m.group(1) if m else out.strip().splitlines()[0] if out.strip() else "?"


def free_port(preferred):
    for port in [preferred, 0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return s.getsockname()[1]
            except OSError:
                continue
    raise RuntimeError("no free port")


def classify_spark(command, root_label):
    """The label of a process found under `root_label`, or None for one not counted
    (shell wrappers, spark-class's launcher, gone within a second)."""
    if "org.apache.spark.launcher.Main" in command:
        return None
    if "CoarseGrainedExecutorBackend" in command:
        return f"executor on {root_label}"
    if "org.apache.spark.deploy.SparkSubmit" in command:
        return "driver JVM (SparkSubmit)"
    words = command.split()
    program = os.path.basename(words[0]) if words else ""
    if program.startswith("python"):
        return f"Python workers under {root_label}"
    if program == "java":
        return f"other JVM under {root_label}"
    return None


class Cluster:
    """A standalone master and two workers on 127.0.0.1, each its own process group;
    `stop` (also on failure) ends the groups."""

    def __init__(self, args, work):
        import pyspark

        self.spark_home = os.path.dirname(os.path.abspath(pyspark.__file__))
        self.args = args
        self.work = work
        self.procs = []  # (label, Popen)
        self.port = free_port(args.port)
        self.url = f"spark://127.0.0.1:{self.port}"
        conf = os.path.join(work, "conf")
        os.makedirs(conf, exist_ok=True)
        with open(os.path.join(conf, "spark-defaults.conf"), "w") as f:
            f.write(
                "\n".join(
                    [
                        f"spark.executor.memory {args.executor_memory}",
                        "spark.executor.cores 1",
                        "spark.cores.max 2",
                        "spark.driver.host 127.0.0.1",
                        "spark.driver.bindAddress 127.0.0.1",
                        f"spark.local.dir {os.path.join(work, 'local')}",
                        "",
                    ]
                )
            )
        self.env = {
            **os.environ,
            "SPARK_HOME": self.spark_home,
            "SPARK_CONF_DIR": conf,
            "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_LOG_DIR": os.path.join(work, "logs"),
            "SPARK_WORKER_DIR": os.path.join(work, "worker"),
            "PYSPARK_PYTHON": sys.executable,
            "PYSPARK_DRIVER_PYTHON": sys.executable,
        }
        os.makedirs(self.env["SPARK_LOG_DIR"], exist_ok=True)

    def spawn(self, label, *argv):
        log_path = os.path.join(self.env["SPARK_LOG_DIR"], label.replace(" ", "-") + ".log")
        proc = subprocess.Popen(
            [os.path.join(self.spark_home, "bin", "spark-class"), *argv],
            env=self.env,
            stdout=open(log_path, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append((label, proc, log_path))
        return proc

    def start(self):
        self.spawn(
            "master", "org.apache.spark.deploy.master.Master",
            "--host", "127.0.0.1", "--port", str(self.port), "--webui-port", "0",
        )
        self.wait_for(lambda: self.connects(), "the master to listen", 90)
        for i in (1, 2):
            work_dir = os.path.join(self.env["SPARK_WORKER_DIR"], str(i))
            os.makedirs(work_dir, exist_ok=True)
            self.spawn(
                f"worker {i}", "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", "1", "--memory", self.args.worker_memory,
                "--webui-port", "0", "--work-dir", work_dir, self.url,
            )
        self.wait_for(
            lambda: all(self.logged(label, "Successfully registered with master") for label in ("worker 1", "worker 2")),
            "both workers to register", 120,
        )
        log(f"cluster up: master {self.url}, 2 workers × 1 core, {self.args.worker_memory} each")

    def connects(self):
        with socket.socket() as s:
            s.settimeout(0.5)
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def logged(self, label, text):
        for name, _, path in self.procs:
            if name == label:
                return text in open(path, encoding="utf-8", errors="replace").read()
        return False

    def wait_for(self, ready, what, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for label, proc, path in self.procs:
                if proc.poll() is not None:
                    tail = open(path, encoding="utf-8", errors="replace").read().strip().splitlines()[-5:]
                    raise RuntimeError(f"the Spark {label} exited ({proc.returncode}) waiting for {what}: " + " / ".join(tail))
            if ready():
                return
            time.sleep(0.5)
        raise RuntimeError(f"timed out after {seconds} s waiting for {what} (logs in {self.env['SPARK_LOG_DIR']})")

    def roots(self):
        return {proc.pid: label for label, proc, _ in self.procs}

    def stop(self):
        for _, proc, _ in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except OSError:
                    pass
        deadline = time.time() + 15
        for _, proc, _ in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                pass
        for _, proc, _ in self.procs:
            # The group also holds what the process started (a worker's executors).
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
        self.procs = []


def spark_runs(args, data_dir, runs, work, tag):
    cluster_dir = os.path.join(work, f"spark-{tag}")
    shutil.rmtree(cluster_dir, ignore_errors=True)
    cluster = Cluster(args, cluster_dir)
    results = []
    daemons = {}
    try:
        # The daemons' peaks cover the whole life of this size's cluster.
        with Sampler({}, classify_spark) as daemon_sampler:
            cluster.start()
            for pid, label in cluster.roots().items():
                daemon_sampler.add_root(pid, label)
            for i in range(runs):
                out = os.path.join(work, f"spark-{tag}-{i}.json")
                err = os.path.join(work, f"spark-{tag}-{i}.stderr")
                argv = [
                    sys.executable, FIGURES_SQL, "--engine", "spark", "--master", cluster.url,
                    "--driver-memory", args.driver_memory, data_dir, "--out", out,
                ]
                # The executors of this run are sampled from the worker down.
                seconds, code, _, sampler = run_timed(argv, cluster.env, err, cluster.roots(), classify_spark)
                files, total = sql_times(err, "spark")
                peaks = sampler.by_label()
                result = {"seconds": seconds, "sql": total, "files": files, "peaks": peaks, "out": out}
                if code != 0:
                    result["error"] = failure(err)
                log(f"spark {tag} run {i + 1}/{runs}: " + (result.get("error") or f"{seconds:.2f} s, peaks "
                    + ", ".join(f"{k} {v / 1024:.0f} MB" for k, v in sorted(peaks.items()))))
                results.append(result)
                if code != 0:
                    break
            daemons = {k: v for k, v in daemon_sampler.by_label().items() if k in ("master", "worker 1", "worker 2")}
    except Exception as error:  # the cluster would not start: said in the table
        log(f"spark {tag}: {error}")
        results.append({"error": str(error)[:160].replace("|", "\\|")})
    finally:
        cluster.stop()
    summary = summarise(results)
    if "error" not in summary:
        peaks = {}
        for r in results:
            for label, kib in r.get("peaks", {}).items():
                peaks[label] = max(peaks.get(label, 0), kib)
        for label, kib in daemons.items():
            peaks[label] = max(peaks.get(label, 0), kib)
        summary["peaks"] = peaks
    return summary


# ---------- the section ----------


def fit(x1, y1, x2, y2, x):
    """y at x on the line through (x1, y1), (x2, y2)."""
    if x2 == x1:
        return None
    slope = (y2 - y1) / (x2 - x1)
    return y1 + slope * (x - x1), slope, y1 - slope * x1


def growth(small, big, n_small, n_big, key, unit_rows=1_000_000):
    """How `key` grew from the small set to the big one: (ratio, exponent of rows, per
    `unit_rows` rows and fixed part of the line through the two)."""
    a, b = small.get(key), big.get(key)
    if not a or not b:
        return None
    ratio = b / a
    rows_ratio = n_big / n_small
    exponent = math.log(ratio) / math.log(rows_ratio)
    _, slope, intercept = fit(n_small, a, n_big, b, 0)
    return ratio, exponent, slope * unit_rows, intercept


def section(args, machine, sets, results, core_check):
    base, big = sets
    copies = args.rows_scale
    lines = [BEGIN, ""]
    lines.append(f"## The report's SQL at scale (issue 22) — DuckDB and Spark standalone, {fmt_n(base['rows'])} and {fmt_n(big['rows'])} rows")
    lines.append("")
    lines.append(
        "Written by `scripts/bench_sql.py` (the last step of `make bench`; `scripts/bench.sh --no-sql` skips it) "
        f"in one run on {machine['date']}; {machine['line']}."
    )
    lines.append("")
    lines.append(
        f"**Inputs.** `{base['csv']}` ({fmt_n(base['rows'])} rows, {base['months']} statistical months) exported by "
        f"`hotline export --parquet` ({base['bytes'] / 1048576:,.1f} MB of Parquet). "
        f"The {fmt_n(big['rows'])}-row set is **replicated data**, made from that export in DuckDB: every ticket "
        f"{copies} times, each copy with its own id and source row, in the month the ticket was in — so every count is ×{copies} "
        f"while every distribution (shares, rankings, rates, words) is exactly the {fmt_n(base['rows'])}-row file's "
        f"({big['bytes'] / 1048576:,.1f} MB of Parquet, copies one after another, at most 1,048,576 rows a row group as "
        "`hotline export` writes). The settings tables are copied. The repeats the core found are replicated with the "
        "tickets (each cluster, its tickets and its false closures once per copy, pointing at that copy's rows): that is "
        "what the core would find were each copy a city of its own, and the repeats' tables grow with the tickets "
        "instead of staying a fixed sliver of the data. Largest month: "
        f"{fmt_n(base['largest_month'])} tickets and {fmt_n(big['largest_month'])} "
        f"(a province's year of {fmt_n(PROVINCE_ROWS)} has about {fmt_n(PROVINCE_ROWS // MONTHS_A_YEAR)} a month). "
        "Each set's files are read once before its runs (the engines start from the OS's cache)."
    )
    lines.append("")
    spark_setup = (
        f"Spark {machine['spark']} standalone on 127.0.0.1 from the pip package: a master and two workers "
        f"(1 core and {args.worker_memory} each), so two executors of 1 core and {args.executor_memory} heap; "
        f"driver `--driver-memory {args.driver_memory}`, its Python and its JVM; a fresh cluster for each set"
    )
    lines.append(
        "**Measured.** *Time* is the wall time of one whole `python3 scripts/figures_sql.py` process (interpreter, engine "
        "and session start, the views, every `src/sql/*.sql` file, the figures JSON written); *SQL* is the sum of the "
        f"files' times it prints. DuckDB {machine['duckdb']} runs embedded ({machine['threads']} threads), median of "
        f"{args.runs} run(s); {spark_setup}, median of {args.spark_runs} run(s). *Peak memory* is each process's peak "
        "resident set (VmHWM): DuckDB's from `wait4`'s `ru_maxrss`; Spark's read from `/proc/<pid>/status` every 0.1 s "
        "until the process exits, summed over the master, the workers, the executors and the driver. The machine's "
        f"load average when the runs began: {machine['load']:.1f} (on {machine['cores']} cores). *Answer*: the "
        "figures compared field by field (`scripts/compare_figures.py`'s rules) with the core's "
        f"(`hotline report --json` on the {fmt_n(base['rows'])}-row CSV) or, on the replicated set, Spark's with DuckDB's."
    )
    lines.append("")
    lines.append("| data | engine | time | SQL | rows/s | peak memory | answer |")
    lines.append("|---|---|---|---|---|---|---|")
    engines = [("duckdb", f"DuckDB {machine['duckdb']} (embedded)"), ("spark", f"Spark {machine['spark']} standalone, 2 workers × 1 core")]
    for s in (base, big):
        for key, label in engines:
            r = results.get((key, s["tag"]))
            what = f"{fmt_n(s['rows'])} rows{' (replicated ×' + str(copies) + ')' if s is big else ''}"
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {what} | {label} | — | — | — | — | {r['error']} |")
                continue
            spread = ""
            if len(r.get("all", [])) > 1:
                spread = f" ({fmt_s(min(r['all']))}–{fmt_s(max(r['all']))})"
            memory = fmt_mb(r["rss_max"]) if key == "duckdb" else fmt_mb(sum(r["peaks"].values())) + " (all processes)"
            lines.append(
                f"| {what} | {label} | {fmt_s(r['seconds'])}{spread} | {fmt_s(r['sql'])} | "
                f"{fmt_n(round(s['rows'] / r['seconds']))} | {memory} | {r.get('answer', '')} |"
            )
    lines.append("")

    spark_sets = [s for s in (base, big) if "error" not in results.get(("spark", s["tag"]), {"error": 1})]
    if spark_sets:
        labels = ["master", "worker 1", "worker 2", "executor on worker 1", "executor on worker 2",
                  "driver (Python)", "driver JVM (SparkSubmit)"]
        for s in spark_sets:
            for label in results[("spark", s["tag"])]["peaks"]:
                if label not in labels:
                    labels.append(label)
        lines.append("Spark's processes, peak resident memory (VmHWM):")
        lines.append("")
        lines.append("| process | " + " | ".join(f"{fmt_n(s['rows'])} rows" for s in spark_sets) + " |")
        lines.append("|---|" + "---|" * len(spark_sets))
        for label in labels:
            cells = [fmt_mb(results[("spark", s["tag"])]["peaks"].get(label)) for s in spark_sets]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        totals = [fmt_mb(sum(results[("spark", s["tag"])]["peaks"].values())) for s in spark_sets]
        lines.append("| **all together** | " + " | ".join(f"**{t}**" for t in totals) + " |")
        lines.append("")

    # Per-file times.
    columns = [(key, s) for s in (base, big) for key, _ in engines
               if (key, s["tag"]) in results and "error" not in results[(key, s["tag"])]]
    if columns:
        names = []
        for key, s in columns:
            for name in results[(key, s["tag"])]["files"]:
                if name not in names:
                    names.append(name)
        short = {"duckdb": "DuckDB", "spark": "Spark"}
        lines.append("Each SQL file's time (the run above; `common.sql` defines views, so its work lands in the files that read them):")
        lines.append("")
        lines.append("| file | " + " | ".join(f"{short[k]}, {fmt_n(s['rows'])} rows" for k, s in columns) + " |")
        lines.append("|---|" + "---|" * len(columns))
        for name in names:
            cells = [fmt_s(results[(k, s["tag"])]["files"].get(name)) for k, s in columns]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")

    # How time grows, and a province's year.
    lines.append(f"**How time grows with rows** (from the two sets: ×{big['rows'] / base['rows']:.0f} rows):")
    lines.append("")
    n1, n2 = base["rows"], big["rows"]
    inside = n1 <= PROVINCE_ROWS <= n2
    how = "interpolated between" if inside else f"extrapolated ×{PROVINCE_ROWS / n2:.0f} beyond the larger of"
    for key, label in engines:
        small, large = results.get((key, base["tag"])), results.get((key, big["tag"]))
        name = "DuckDB" if key == "duckdb" else "Spark"
        if not small or not large or "error" in small or "error" in large:
            why = next((r["error"] for r in (small, large) if r and "error" in r), "")
            lines.append(f"- **{name}**: {why}." if why.startswith("not measured") else f"- **{name}**: not measured on both sets ({why}).")
            continue
        whole = growth(small, large, n1, n2, "seconds")
        sql = growth(small, large, n1, n2, "sql")
        estimate, _, _ = fit(n1, small["seconds"], n2, large["seconds"], PROVINCE_ROWS)
        sentence = (
            f"- **{name}**: ×{whole[0]:.2f} the time for ×{n2 / n1:.0f} the rows (time ∝ rows^{whole[1]:.2f}); "
            f"on the line through the two runs, {fmt_s(whole[3])} fixed (start, planning, the small tables) plus "
            f"{fmt_s(whole[2])} per million rows"
        )
        if sql:
            sentence += f"; the SQL alone ×{sql[0]:.2f} (rows^{sql[1]:.2f}), {fmt_s(sql[2])} per million rows"
        sentence += "."
        if key == "duckdb":
            memory_small, memory_large = small["rss_max"], large["rss_max"]
            sentence += f" Peak memory ×{memory_large / memory_small:.2f} ({fmt_mb(memory_small)} → {fmt_mb(memory_large)})."
            where = f"on this {machine['cores']}-core machine"
        else:
            memory_small, memory_large = sum(small["peaks"].values()), sum(large["peaks"].values())
            executors = [v for k, v in large["peaks"].items() if k.startswith("executor")]
            sentence += (
                f" All its processes together peaked at {fmt_mb(memory_small)} and {fmt_mb(memory_large)}"
                + (f" (the larger executor {fmt_mb(max(executors))}, its heap {args.executor_memory})" if executors else "")
                + "."
            )
            where = "on these two single-core executors"
        memory, _, _ = fit(n1, memory_small, n2, memory_large, PROVINCE_ROWS)
        if whole[2] <= 0:
            sentence += (
                f" The time did not grow measurably between these sets (the per-row part is lost in the fixed part "
                f"and the noise), so no estimate for a province's year ({fmt_n(PROVINCE_ROWS)} rows)."
            )
        else:
            sentence += (
                f" A province's year ({fmt_n(PROVINCE_ROWS)} rows, {how} the measured sets on the same lines): "
                f"about **{fmt_s(estimate)}** and **{fmt_mb(max(memory, memory_large if not inside else 0))}** {where}."
            )
        lines.append(sentence)
    if not inside:
        lines.append(
            f"- These sets ({fmt_n(n1)} and {fmt_n(n2)} rows) are small: the province's figures above are a long "
            "extrapolation, for trying the script, not for reading (`make bench` measures 1M and 20M rows)."
        )
    if core_check:
        lines.append(f"- {core_check}")
    lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def replace_section(path, text):
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old, count=1)
    else:
        new = old + ("" if old.endswith("\n\n") or not old else "\n" if old.endswith("\n") else "\n\n") + text
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def machine_info(java):
    import duckdb

    try:
        import pyspark

        spark = pyspark.__version__
    except ImportError:
        spark = None
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
    threads = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
    line = (
        f"CPU {cpu}, {os.cpu_count()} cores, memory {mem_kib / 1048576:.0f} GiB, Linux {platform.release()}; "
        f"Python {platform.python_version()}"
        + (f", Java {java_version(java)}" if java else ", no Java")
    )
    return {
        "line": line,
        "cores": os.cpu_count(),
        "duckdb": duckdb.__version__,
        "spark": spark,
        "threads": threads,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="the CSV to export and replicate (default target/bench-data/million.csv)")
    parser.add_argument("--rows-scale", type=int, help="copies in the replicated set (default 20; --quick: 2)")
    parser.add_argument("--quick", action="store_true", help="two-months.csv (125k rows) and ×2, one run each: to try the script")
    parser.add_argument("--runs", type=int, help="DuckDB runs per set (median; default 3, --quick 1)")
    parser.add_argument("--spark-runs", type=int, default=1, help="Spark runs per set (median; default 1)")
    parser.add_argument("--no-spark", action="store_true", help="DuckDB only")
    parser.add_argument("--port", type=int, default=7077, help="the master's port (another free one if taken)")
    parser.add_argument("--worker-memory", default="3g", help="each worker's --memory (default 3g)")
    parser.add_argument("--executor-memory", default="2g", help="spark.executor.memory (default 2g)")
    parser.add_argument("--driver-memory", default="2g", help="figures_sql.py --driver-memory (default 2g)")
    parser.add_argument("--benchmarks", default=os.path.join(ROOT, "BENCHMARKS.md"), help="the file whose section is replaced")
    parser.add_argument("--no-write", action="store_true", help="print the section, write only target/bench-sql.md")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds one figures_sql.py run may take (default 7200)")
    parser.add_argument("--fresh", action="store_true", help="export and replicate again even when up to date")
    parser.add_argument("--_replicate", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args._replicate:
        base, out, copies = args._replicate
        replicate_now(base, out, int(copies))
        return

    base_csv = args.base or os.path.join(DATA, "two-months.csv" if args.quick else "million.csv")
    base_csv = os.path.abspath(base_csv)
    args.rows_scale = args.rows_scale or (2 if args.quick else 20)
    args.runs = args.runs or (1 if args.quick else 3)
    TIMEOUT[0] = args.timeout
    if args.rows_scale < 2:
        parser.error("--rows-scale must be at least 2")

    try:
        import duckdb  # noqa: F401
    except ImportError:
        sys.exit("bench-sql: the Python package duckdb is missing: bash scripts/setup.sh --test (or pip install duckdb)")
    if not os.access(HOTLINE, os.X_OK):
        sys.exit(f"bench-sql: {HOTLINE} is missing: cargo build --release --bin hotline")

    java = java_path()
    spark_skip = None
    if args.no_spark:
        spark_skip = "not measured (`--no-spark`)"
    elif not java:
        spark_skip = "not measured: no Java (JAVA_HOME unset and no `java` on PATH)"
        log(
            "Java not found (JAVA_HOME unset and no `java` on PATH): Spark is not measured. Spark needs Java 17 or 21: "
            "apt-get install -y openjdk-17-jre-headless (scripts/setup.sh --test installs it)."
        )
    else:
        try:
            import pyspark  # noqa: F401
        except ImportError:
            spark_skip = "not measured: the Python package pyspark is missing"
            log("pyspark is missing: Spark is not measured (bash scripts/setup.sh --test, or pip install pyspark)")

    machine = machine_info(java)
    work = os.path.join(DATA, "sql")
    os.makedirs(work, exist_ok=True)
    runs_dir = os.path.join(work, "runs")
    shutil.rmtree(runs_dir, ignore_errors=True)
    os.makedirs(runs_dir)

    # Inputs.
    ensure_csv(base_csv)
    stem = os.path.splitext(os.path.basename(base_csv))[0]
    base_dir = os.path.join(work, stem)
    big_dir = os.path.join(work, f"{stem}-x{args.rows_scale}")
    accounting = export(base_csv, base_dir, args.fresh)
    big_accounting = replicate(base_dir, big_dir, args.rows_scale, args.fresh)
    sets = []
    for tag, folder, acc in (("base", base_dir, accounting), ("big", big_dir, big_accounting)):
        sets.append(
            {
                "tag": tag,
                "dir": folder,
                "csv": os.path.relpath(base_csv, ROOT),
                "rows": sum(n for _, n in acc["months"]),
                "months": len(acc["months"]),
                "largest_month": max(n for _, n in acc["months"]),
                "bytes": dir_bytes(os.path.join(folder, "tickets")),
            }
        )

    # The core's figures for the base CSV, to check DuckDB's answer.
    core_json = os.path.join(runs_dir, "core.json")
    with open(core_json, "w") as f:
        subprocess.run([HOTLINE, "report", base_csv, "--json"], stdout=f, stderr=subprocess.DEVNULL, check=True)

    results = {}

    def stop_on_term(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop_on_term)
    machine["load"] = os.getloadavg()[0]
    for s in sets:
        log(f"reading {os.path.relpath(s['dir'], ROOT)} once ({s['bytes'] / 1048576:,.0f} MB of tickets)")
        warm(s["dir"])
        results[("duckdb", s["tag"])] = duckdb_runs(s["dir"], args.runs, runs_dir, s["tag"])
        if spark_skip:
            results[("spark", s["tag"])] = {"error": spark_skip}
        else:
            results[("spark", s["tag"])] = spark_runs(args, s["dir"], args.spark_runs, runs_dir, s["tag"])

    # Answers.
    core_check = None
    for s in sets:
        duck = results[("duckdb", s["tag"])]
        if "error" not in duck:
            if s["tag"] == "base":
                diffs = compare(core_json, duck["out"])
                duck["answer"] = "= the core, every field" if not diffs else f"{len(diffs)} fields differ from the core"
                if diffs:
                    core_check = "DuckDB against the core, first differences: " + "; ".join(diffs[:3]).replace("|", "\\|")
            else:
                duck["answer"] = "(the reference for Spark)"
    for s in sets:
        duck = results[("duckdb", s["tag"])]
        spark = results[("spark", s["tag"])]
        if "error" in spark:
            continue
        if s["tag"] == "base":
            diffs = compare(core_json, spark["out"])
            spark["answer"] = "= the core, every field" if not diffs else f"{len(diffs)} fields differ from the core"
        elif "error" not in duck:
            diffs = compare(duck["out"], spark["out"])
            spark["answer"] = "= DuckDB, every field" if not diffs else f"{len(diffs)} fields differ from DuckDB"

    text = section(args, machine, sets, results, core_check)
    with open(os.path.join(ROOT, "target", "bench-sql.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    if not args.no_write:
        replace_section(args.benchmarks, text)
        log(f"section written to {args.benchmarks}")


if __name__ == "__main__":
    main()
