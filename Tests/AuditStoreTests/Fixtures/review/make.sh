#!/usr/bin/env bash
# Rebuilds the review fixture: php-cli and php-monolog (Debian) write five weeks of office-hours work as
# BillaBear logs it (review.log, gzipped), with one instance of each pattern `auditlog review` finds planted
# in the last week, and the directory (users.csv, customers.csv). planted.json says what was planted.
# Run from anywhere: bash Tests/AuditStoreTests/Fixtures/review/make.sh
set -euo pipefail
cd "$(dirname "$0")"
php make.php
gzip -9nf review.log
