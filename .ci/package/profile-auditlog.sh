# Agents browse the shared database: `auditlog` opens it (read-only; membership of the auditlog group needed).
if [ -z "${AUDITLOG_DB:-}" ] && [ -r /var/lib/auditlog/audit.db ]; then
    export AUDITLOG_DB=/var/lib/auditlog/audit.db
fi
