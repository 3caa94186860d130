# The README's two commands: `make synth` and `make test`. Both set up whatever they need,
# idempotently, on a fresh machine: the virtualenv, the pinned Python and npm packages.
SHELL := /bin/bash
.DEFAULT_GOAL := synth

VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

# No AWS account here: never wait on the EC2 metadata service for credentials, and keep
# the CDK CLI from phoning home. Node 20 prints an end-of-life banner on every jsii call.
export AWS_EC2_METADATA_DISABLED := true
export CDK_DISABLE_CLI_TELEMETRY := true
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

.PHONY: synth test demo docs deps python-deps node-deps system-deps lint clean mutants

deps: python-deps node-deps

python-deps: $(VENV)/.installed
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need, each as CHECK:PACKAGE: install PACKAGE when CHECK is
# missing. CHECK is a command on PATH, or an absolute path (a glob) for what is not on
# PATH: Debian keeps initdb under /usr/lib/postgresql/<version>/bin, and the JDBC driver
# is a jar. scala: scalac parses every generated Scala script; postgresql and its JDBC
# driver: local runs read and write a real PostgreSQL; graphviz: dot draws the pipeline
# SVGs of `glueforge graph`. Idempotent: installs only what is missing. Users who only
# synth need none of them.
SYSTEM_TOOLS := scalac:scala dot:graphviz \
	/usr/lib/postgresql/*/bin/initdb:postgresql \
	/usr/share/java/postgresql.jar:libpostgresql-jdbc-java
system-deps:
	@for pair in $(SYSTEM_TOOLS); do \
	  check=$${pair%%:*}; package=$${pair##*:}; \
	  case $$check in \
	    /*) compgen -G "$$check" >/dev/null && continue ;; \
	    *) command -v $$check >/dev/null 2>&1 && continue ;; \
	  esac; \
	  echo "installing Debian package $$package (for $$check)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$package >/dev/null || exit 1; \
	done

synth: deps
	npx cdk synth --quiet --no-notices
	@echo "Templates and assets are in $(CURDIR)/cdk.out:"
	@ls -1 cdk.out/*.template.json cdk.out/*.assets.json
	@ls -d cdk.out/asset.* 2>/dev/null || true

test: deps system-deps
	$(PY) -m pytest

# The reference pipeline on local Spark and a private PostgreSQL, on sample_data/.
demo: deps system-deps
	$(PY) sample_data/demo.py

# The documentation site (mkdocs.yml, docs/) into site/: strict, so a broken link, a missing
# page or a docstring mkdocstrings cannot render fails the build. Offline: nothing fetched.
docs: python-deps
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

# Mutation testing (mutmut, [tool.mutmut] in pyproject.toml) of the modules that decide what
# deploys and what runs, each mutant against its narrow tests; not part of `make test` or
# CI (a fresh run took 36 minutes on two shared cores). docs/contributing.md has the figures.
mutants: python-deps
	$(PY) tests/project/mutants.py

lint: python-deps
	$(PY) -m ruff check constructs tests app.py bench sample_data

clean:
	rm -rf cdk.out build dist .pytest_cache *.egg-info constructs/*.egg-info
