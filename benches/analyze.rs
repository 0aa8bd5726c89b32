//! Native timing of the whole analysis (file bytes to finished statistics and report
//! model) on the files `scripts/bench.sh` generates. Run through `make bench`, which
//! passes the files in BENCH_FILES (comma-separated paths); each is read from memory so
//! the disk is not measured.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hotline_analyzer::{analyze, Input, Settings};

fn files() -> Vec<String> {
    std::env::var("BENCH_FILES")
        .map(|list| list.split(',').filter(|p| !p.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn analysis(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    for path in files() {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let name = std::path::Path::new(&path).file_name().unwrap().to_string_lossy().to_string();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| {
                let input = Input::new(name.as_str(), bytes.as_slice()).with_size(bytes.len() as u64);
                analyze(vec![input], &settings, &mut |_, _, _| {}).expect("the bench files are valid")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
