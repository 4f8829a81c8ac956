#!/usr/bin/env bash
# Rebuilds the container fixtures: php-cli and php-monolog (Debian) write plain.log, wrap.py wraps it as
# Docker, CRI, journald and syslog keep it. Run from anywhere: bash Tests/AuditStoreTests/Fixtures/containers/make.sh
set -euo pipefail
cd "$(dirname "$0")"
php make.php
python3 wrap.py
