#!/usr/bin/env python3
"""The report's statistics as SQL, run on DuckDB or Spark over `hotline export --parquet`'s
directory, written as the Figures JSON the core computes (issue 22).

    python3 scripts/figures_sql.py --engine duckdb|spark DIR [--out figures.json]
                                   [--sql src/sql] [--master local[2]] [--driver-memory 2g]
                                   [--shuffle-partitions 4]

Each `src/sql/<section>.sql` ends in a SELECT of rows (path, num, txt, flag): a field of
the figures by its JSON path (`intake.groups[0].count.current`) with its number, text or
truth; `x[]` makes `x` an empty list; all three null writes null. `common.sql` runs
first, defines the views every section reads (the report month, its tickets) and gives
the figures' period. The
only dialect switch is here: how the Parquet files become the views `tickets` and
`settings_<table>` (and the repeats the core found, `repeat_<table>`), and how a view's
result is held (below); the SQL text is the same on both engines.

Each engine holds each view's result. Both expand a view wherever it is named, and the
section files build views on views named many times: units.sql's last SELECT reaches `t`
(with the aggregates over every ticket behind `report` and `present`) some two thousand
times. As written, Spark plans that as one query of thousands of scans, shuffles and
broadcasts, takes minutes over it and, in a 2 GB driver, fails (AGGREGATE_OUT_OF_MEMORY),
and DuckDB spends about 40 s planning it. So DuckDB keeps each view as a temporary table
(the whole run then takes under a second on the sample), and Spark caches common.sql's
views as they are made (CACHE TABLE: columnar and compact, as `t` keeps every column of
the tickets) and runs each view of a section file once, keeping its rows under its name
(localCheckpoint, which cuts the view's lineage: CACHE TABLE would still have Spark
expand and analyse every nested definition at each use). The SQL stays plain views, so
an engine without temporary tables runs it as written.

Another engine (Trino, Hive) needs one more class like `DuckDB` below: its connection,
the views made from the files, and `run`.
"""

import argparse
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SQL_DIR = os.path.join(HERE, "..", "src", "sql")


def statements(text):
    """The file's statements, split at semicolons ending a line, comments dropped."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    parts = re.split(r";\s*$", "\n".join(lines), flags=re.M)
    return [p.strip() for p in parts if p.strip()]


# A view's definition: its name and query (Spark.run).
VIEW = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMPORARY\s+VIEW\s+(\w+)\s+AS\s+(.*)\Z", re.S | re.I)


def sql_files(sql_dir):
    names = sorted(n for n in os.listdir(sql_dir) if n.endswith(".sql") and n != "common.sql")
    return [os.path.join(sql_dir, "common.sql")] + [os.path.join(sql_dir, n) for n in names]


def local_files(folder):
    return os.listdir(folder) if os.path.isdir(folder) else []


def small_tables(data_dir, files_in=local_files):
    """The settings tables as `settings_<name>`, and the repeats and new phrases the core
    found under their own names (`repeat_clusters`, `emerging_phrases`, …), with their files.
    `files_in` lists a folder where the engine reads it (Spark: its file system)."""
    tables = []
    for folder, prefix in (("settings", "settings_"), ("repeats", ""), ("warning", "")):
        path = os.path.join(data_dir, folder)
        for name in sorted(files_in(path)):
            if name.endswith(".parquet"):
                tables.append((prefix + name[: -len(".parquet")], os.path.join(path, name)))
    return tables


class DuckDB:
    def __init__(self, data_dir, _args):
        import duckdb

        self.con = duckdb.connect()
        tickets = os.path.join(data_dir, "tickets", "*", "*.parquet")
        self.con.execute(
            f"CREATE VIEW tickets AS SELECT * FROM read_parquet('{tickets}', hive_partitioning = true)"
        )
        for name, path in small_tables(data_dir):
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")

    def run(self, statement):
        # Each view is computed once and held as a temporary table (see the docstring).
        view = VIEW.match(statement)
        if view:
            name, query = view.groups()
            self.con.execute(f"CREATE OR REPLACE TEMPORARY TABLE {name} AS {query}")
            return []
        return self.con.execute(statement).fetchall()

    def after_common(self):
        pass


class Spark:
    def __init__(self, data_dir, args):
        from pyspark.sql import SparkSession

        self.spark = (
            SparkSession.builder.master(args.master)
            .appName("hotline-figures")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", args.driver_memory)
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        # Hive's month=… directories give the partition column `month`, kept as text.
        self.spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        self.spark.read.parquet(os.path.join(data_dir, "tickets")).createOrReplaceTempView("tickets")
        for name, path in small_tables(data_dir, self.files_in):
            self.spark.read.parquet(path).createOrReplaceTempView(name)
        self.in_common = True

    def files_in(self, folder):
        """The files of a folder as Spark sees the path: on a cluster, a path without a
        scheme is on its default file system (HDFS), not on this machine."""
        jvm = self.spark.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(folder)
        fs = path.getFileSystem(self.spark.sparkContext._jsc.hadoopConfiguration())
        if not fs.exists(path):
            return []
        return [str(status.getPath().getName()) for status in fs.listStatus(path)]

    def run(self, statement):
        # A view's result is held under its name (see the docstring): common.sql's cached
        # as a table, a section's computed once as rows.
        view = VIEW.match(statement)
        if view and self.in_common:
            self.spark.sql(statement)
            self.spark.sql(f"CACHE TABLE {view.group(1)}")
            return []
        if view:
            name, query = view.groups()
            self.spark.sql(query).localCheckpoint(eager=True).createOrReplaceTempView(name)
            return []
        return [tuple(row) for row in self.spark.sql(statement).collect()]

    def after_common(self):
        self.in_common = False


def section_rows(engine, sql_dir, timings):
    rows = []
    for path in sql_files(sql_dir):
        result = []
        started = time.perf_counter()
        for statement in statements(open(path, encoding="utf-8").read()):
            try:
                result = engine.run(statement)
            except Exception as error:
                sys.exit(f"{os.path.basename(path)}: {type(error).__name__}: {str(error)[:2000]}")
        timings.append((os.path.basename(path), time.perf_counter() - started))
        print(f"{os.path.basename(path)}: {timings[-1][1]:.2f} s", file=sys.stderr, flush=True)
        if path.endswith("common.sql"):
            engine.after_common()
        # Every file's last query gives its fields (common.sql's: the period).
        rows.extend(result)
    return rows


PART = re.compile(r"([^.\[\]]+)|\[(\d*)\]")


def assemble(rows):
    """The nested figures from (path, num, txt, flag) rows."""
    root = {}
    for path, num, txt, flag in rows:
        if num is not None:
            # A DOUBLE keeps its fraction (scores, days); a whole number is an integer.
            value = num if isinstance(num, float) and not num.is_integer() else int(num)
        elif txt is not None:
            value = txt
        elif flag is not None:
            value = bool(flag)
        else:
            value = None
        steps = [(m.group(1), m.group(2)) for m in PART.finditer(path)]
        node = root
        for i, (key, index) in enumerate(steps):
            last = i == len(steps) - 1
            if key is not None:
                nxt = steps[i + 1] if not last else None
                if last:
                    node[key] = value
                elif key not in node or node[key] is None:
                    node[key] = [] if nxt[0] is None else {}
                node = node[key]
            elif index == "":  # `x[]`: the list exists, perhaps empty
                break
            else:
                index = int(index)
                while len(node) <= index:
                    node.append(None)
                if last:
                    node[index] = value
                else:
                    nxt = steps[i + 1]
                    if node[index] is None:
                        node[index] = [] if nxt[0] is None else {}
                    node = node[index]
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", help="hotline export --parquet 的目录")
    parser.add_argument("--engine", choices=["duckdb", "spark"])
    parser.add_argument("--sql", default=SQL_DIR)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="2g")
    parser.add_argument("--shuffle-partitions", type=int, default=4,
                        help="spark.sql.shuffle.partitions (4 suits local mode; a cluster wants about 2–3 per core)")
    parser.add_argument("--out")
    args = parser.parse_args()
    if not (args.engine and args.data):
        parser.error("须给出 --engine 和数据目录")
    engine = (DuckDB if args.engine == "duckdb" else Spark)(args.data, args)
    timings = []
    rows = section_rows(engine, args.sql, timings)
    print(f"{args.engine}: {sum(t for _, t in timings):.2f} s in all", file=sys.stderr)
    figures = assemble(rows)
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
