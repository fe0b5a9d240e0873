#!/usr/bin/env bash
# The scaled profile's tests use PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) for real.
# Start whichever is stopped with this machine kind's own commands; fail loudly when that is impossible.
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 30); do port_open "$1" && return 0; sleep 1; done
  return 1
}

if ! port_open 5432; then
  echo "[services] PostgreSQL is stopped: starting it"
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  wait_port 5432 || { echo "[services] PostgreSQL is not running on 127.0.0.1:5432 and could not be started" >&2; exit 1; }
fi

if ! port_open 6379; then
  echo "[services] Redis is stopped: starting it"
  if command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  wait_port 6379 || { echo "[services] Redis is not running on 127.0.0.1:6379 and could not be started" >&2; exit 1; }
fi
echo "[services] PostgreSQL and Redis are up"
