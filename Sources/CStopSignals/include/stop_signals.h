#ifndef AUDITLOG_STOP_SIGNALS_H
#define AUDITLOG_STOP_SIGNALS_H

// SIGTERM, SIGHUP and SIGINT only set a flag; the main loop sees it within one tick and restores the
// terminal through endwin (nothing unsafe runs in the handler). ncurses keeps its own SIGTSTP and
// SIGWINCH handlers.
//
// The flag has exactly one definition, in stop_signals.c: a `static` variable in a header gives every
// translation unit its own copy, and the optimiser then keeps the handler's and the loop's apart (the
// release binary ignored Ctrl-C that way).

/// Installs the handlers, unblocks the stop signals and those ncurses handles (resize, suspend, resume),
/// and resets SIGWINCH to its default action. Call before any thread starts.
void audit_install_stop_signals(void);

/// The last stop signal received, or 0.
int audit_stop_signal_received(void);

/// Forgets a received signal (tests run the loop more than once in one process).
void audit_reset_stop_signal(void);

#endif
