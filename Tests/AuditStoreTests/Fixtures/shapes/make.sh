#!/usr/bin/env bash
# Rebuilds the shapes fixtures: php-cli and php-monolog (Debian) write them, gzip/xz/bzip2 compress the
# rotated set as logrotate's `compress` does. Run from anywhere: bash Tests/AuditStoreTests/Fixtures/shapes/make.sh
set -euo pipefail
cd "$(dirname "$0")"
rm -rf rotated && mkdir rotated
php make.php
gzip -9n rotated/prod.log.3 rotated/prod.log.2
cp rotated/prod.log.3.gz compressed.gz
gzip -dc compressed.gz | xz -9 > compressed.xz
gzip -dc compressed.gz | bzip2 -9 > compressed.bz2
if command -v zstd >/dev/null; then gzip -dc compressed.gz | zstd -q -19 > compressed.zst; fi
