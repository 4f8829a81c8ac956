#define _GNU_SOURCE
#include "credentials.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int auditlog_set_thread_egid(gid_t gid) {
    if (syscall(SYS_setresgid, (gid_t)-1, gid, (gid_t)-1) != 0) return -1;
    return auditlog_not_dumpable();
}

int auditlog_not_dumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int auditlog_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}
