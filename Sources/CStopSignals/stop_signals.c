#include "stop_signals.h"
#include <signal.h>
#include <stddef.h>

static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig) { stop_signal = sig; }

void audit_install_stop_signals(void) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    // A parent may have left these blocked (the mask is inherited); they must reach us: the stop
    // signals, and those ncurses handles itself (resize, suspend and resume).
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGWINCH);
    sigaddset(&set, SIGTSTP);
    sigaddset(&set, SIGCONT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    // ncurses catches resizes only when SIGWINCH has its default action; a parent may have left it ignored.
    signal(SIGWINCH, SIG_DFL);
}

int audit_stop_signal_received(void) { return stop_signal; }

void audit_reset_stop_signal(void) { stop_signal = 0; }
