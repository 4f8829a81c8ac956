# The shared database: agents and reviewers need nothing here (/usr/bin/auditlog, setgid auditlog, opens it for
# them); for root and the ingester's user, who can read it, `auditlog` opens it too.
if [ -z "${AUDITLOG_DB:-}" ] && [ -r /var/lib/auditlog/audit.db ]; then
    export AUDITLOG_DB=/var/lib/auditlog/audit.db
fi
