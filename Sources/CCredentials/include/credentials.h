#ifndef AUDITLOG_CREDENTIALS_H
#define AUDITLOG_CREDENTIALS_H

#include <sys/types.h>

/// Sets the calling thread's effective group id only (the raw setresgid system call: glibc's wrapper would change
/// every thread's), then marks the process not dumpable again (the kernel resets that flag to fs.suid_dumpable on
/// every change of credentials). 0 on success, else -1 with errno set.
int auditlog_set_thread_egid(gid_t gid);

/// The process leaves no core file and cannot be ptrace-attached by its user: prctl(PR_SET_DUMPABLE, 0).
int auditlog_not_dumpable(void);

/// Whether the process is dumpable (prctl(PR_GET_DUMPABLE)): 1, 0, or -1 on error.
int auditlog_dumpable(void);

#endif
