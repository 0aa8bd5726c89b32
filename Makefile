# Shortcuts for the scripts the README names.
.PHONY: run test build bench
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
build:
	bash scripts/build.sh
bench:
	bash scripts/bench.sh
