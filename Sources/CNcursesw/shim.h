#ifndef AUDITLOG_NCURSES_SHIM_H
#define AUDITLOG_NCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <ncursesw/curses.h>

// Attribute and mouse macros are built from NCURSES_BITS and do not import into Swift.
static inline attr_t audit_A_NORMAL(void) { return A_NORMAL; }
static inline attr_t audit_A_BOLD(void) { return A_BOLD; }
static inline attr_t audit_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t audit_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t audit_A_DIM(void) { return A_DIM; }
static inline mmask_t audit_mouse_mask(void) {
    return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int audit_is_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int audit_is_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }
static inline int audit_is_click(mmask_t state) { return (state & (BUTTON1_CLICKED | BUTTON1_PRESSED)) != 0; }

// SIGTERM, SIGHUP and SIGINT only set a flag; the main loop sees it within one tick and restores the
// terminal through endwin (nothing unsafe runs in the handler). ncurses keeps its own SIGTSTP and
// SIGWINCH handlers.
static volatile sig_atomic_t audit_stop_signal = 0;
static inline void audit_on_stop_signal(int sig) { audit_stop_signal = sig; }
static inline void audit_install_stop_signals(void) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = audit_on_stop_signal;
    sigaction(SIGTERM, &action, 0);
    sigaction(SIGHUP, &action, 0);
    sigaction(SIGINT, &action, 0);
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
    sigprocmask(SIG_UNBLOCK, &set, 0);
    // ncurses catches resizes only when SIGWINCH has its default action; a parent may have left it ignored.
    signal(SIGWINCH, SIG_DFL);
}
static inline int audit_stop_signal_received(void) { return audit_stop_signal; }
#endif
