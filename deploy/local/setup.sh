#!/usr/bin/env bash
# Installs what Counterpart needs on Debian 12 and is missing: the C libraries we link
# (libpq, OpenSSL, libcurl), PostgreSQL's server for the private cluster, and the tools the
# tests use. As root it installs with apt; otherwise it names what is missing and stops.
#
#   deploy/local/setup.sh            what `make run` and `make test` need
#   deploy/local/setup.sh bench      also wrk and nginx for `make bench-http`, and pgqueuer (PyPI, in a
#                                    venv under /var/tmp) for `make bench-queue`
#   deploy/local/setup.sh tests      also the Python tools of the OpenAPI checks, and headless
#                                    Chromium with chromedriver for Tests/BrowserTests
set -euo pipefail

packages=(libpq-dev libssl-dev libcurl4-openssl-dev postgresql pkg-config openssl ca-certificates
          python3 python3-venv procps)
if [ "${1:-}" = bench ]; then packages+=(wrk nginx); fi
# fonts-dejavu-core: Chromium needs at least one font to lay text out for screenshots.
# openssh-server, openssh-client: Tests/ConnectorsTests/FileDrop start their own sshd on loopback.
if [ "${1:-}" = tests ]; then packages+=(chromium chromium-driver fonts-dejavu-core openssh-server openssh-client); fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian's postgresql package starts a system cluster on 5432; ours is private, so the
    # system one is left as the package set it up.
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run 'sudo apt-get install ${missing[*]}' (or run make as root) and try again" >&2
    exit 1
  fi
fi

if ! command -v swift >/dev/null 2>&1; then
  cat >&2 <<'MSG'
setup: the Swift 6 toolchain is not on PATH. Debian does not package it; install it from
https://www.swift.org/install/linux/ (the Debian 12 tarball, or `swiftly`), put its usr/bin on
PATH, and run make again.
MSG
  exit 1
fi
swift_major=$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9]*\)\..*/\1/p' | head -n 1)
if [ -n "$swift_major" ] && [ "$swift_major" -lt 6 ]; then
  echo "setup: Swift $swift_major found; Counterpart needs Swift 6 or later" >&2
  exit 1
fi

# The OpenAPI checks (openapi-spec-validator, schemathesis) come from PyPI, pinned in
# Tests/API/requirements.txt, into a virtual environment outside the checkout so a fresh
# clone reuses it. The stamp file records what it was filled from; an edit refills it.
install_test_tools() {
  local venv=${COUNTERPART_VENV:-/var/tmp/counterpart-venv}
  local requirements
  requirements="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/Tests/API/requirements.txt"
  if [ -x "$venv/bin/schemathesis" ] && cmp -s "$requirements" "$venv/.counterpart-requirements"; then
    return
  fi
  echo "setup: installing the OpenAPI test tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/.counterpart-requirements"
}

if [ "${1:-}" = tests ]; then install_test_tools; fi

# make bench-queue's peer, pgqueuer, comes from PyPI pinned in Tests/Benchmarks/requirements-bench.txt,
# into its own virtual environment outside the checkout (never the system Python); refilled when
# the pins change.
install_bench_tools() {
  local venv=${COUNTERPART_BENCH_VENV:-/var/tmp/counterpart-bench-venv}
  local requirements
  requirements="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/Tests/Benchmarks/requirements-bench.txt"
  if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$venv/.counterpart-requirements"; then
    return
  fi
  echo "setup: installing the benchmarks' peers (pgqueuer) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/.counterpart-requirements"
}

if [ "${1:-}" = bench ]; then install_bench_tools; fi
