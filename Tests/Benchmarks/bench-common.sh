# Helpers shared by the benchmark scripts (sourced, not run). The sourcing script sets
# `bench_name` first; messages go to standard error as "<bench_name>: …".

say() { printf '%s: %s\n' "$bench_name" "$*" >&2; }
die() { say "$*"; exit 1; }

positive_int() { # name value
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, got '$2'"
}

# A loopback port nothing listens on right now (bound to 0, read back, released).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
