#ifndef AUDITLOG_NCURSES_SHIM_H
#define AUDITLOG_NCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

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

// ncurses' globals, read through functions: Swift 6 refuses a mutable C global (stdscr, COLOR_PAIRS) as
// shared state; the terminal is only ever touched from the main thread.
static inline WINDOW *audit_stdscr(void) { return stdscr; }
static inline int audit_color_pairs(void) { return COLOR_PAIRS; }

// The character set of the current locale (after setlocale): "UTF-8", "ANSI_X3.4-1968" for C/POSIX, ...
static inline const char *audit_codeset(void) { return nl_langinfo(CODESET); }

// Whether $TERM names a terminal the browser can draw on, without initscr's "Error opening terminal" exit:
// 1 usable, 0 known but without cursor movement (dumb), -1 unknown or no terminfo entry.
static inline int audit_terminal_usable(void) {
    int error = 0;
    if (setupterm(0, 1, &error) != OK) return -1;
    char *move = tigetstr("cup");
    int usable = move != 0 && move != (char *)-1;
    del_curterm(cur_term);
    return usable ? 1 : 0;
}
#endif
