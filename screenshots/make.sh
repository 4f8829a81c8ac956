#!/usr/bin/env bash
# Makes the README's pictures: the real program in a real terminal (tmux), captured with its colours
# and rendered to PNG. Needs tmux, python3 with Pillow (pip install pillow), and for CJK text
# fonts-noto-cjk; chromium for the report page. Run from anywhere: bash screenshots/make.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# AUDITLOG_BIN: a release binary built already (else it is built here).
if [ -z "${AUDITLOG_BIN:-}" ]; then swift build -c release --product auditlog >/dev/null; fi
bin=${AUDITLOG_BIN:-$PWD/.build/release/auditlog}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" demo --db "$work/demo.db" --requests 20000 --seed 1 --end 2025-06-30 --no-browse >/dev/null
cols=110 rows=32

shot() { # name, then keys (tmux send-keys words; "type:TEXT" types literally)
    local name=$1; shift
    local sock="shots-$name-$$"
    tmux -L "$sock" -f /dev/null new-session -d -s s -x $cols -y $rows \
        "env TERM=xterm-256color TZ=UTC LANG=C.UTF-8 $bin --db $work/demo.db; sleep 5"
    sleep 1
    for key in "$@"; do
        if [[ $key == type:* ]]; then tmux -L "$sock" send-keys -t s -l "${key#type:}"
        elif [[ $key == wait:* ]]; then # until the pane shows this text (at most 20 s)
            for _ in $(seq 1 100); do tmux -L "$sock" capture-pane -t s -p | grep -qF "${key#wait:}" && break; sleep 0.2; done
        else tmux -L "$sock" send-keys -t s "$key"; fi
        sleep 0.3
    done
    sleep 0.5
    tmux -L "$sock" capture-pane -t s -e -p > "$work/$name.ansi"
    tmux -L "$sock" kill-server
    python3 screenshots/render.py "$work/$name.ansi" "screenshots/$name.png" $cols $rows
    echo "screenshots/$name.png"
}

shot overall
shot expanded-change / "type:channel:audit billingAddress" Enter Enter
shot customer-log 2 Enter
shot admin-log 4 j Enter
shot no-logs / "type:admin:ops@acme.example level:critical refund" Enter
shot help '?'
shot state-then / "type:channel:audit billingAddress" Enter t
shot histogram 4 j Enter i +
shot marks m j j m j j j j m e
shot review / "type:since:2025-06-23 until:2025-06-29" Enter '!' "wait:finding 1 of" j

# verify catching a change made with the sqlite3 tool: a command's output in the same kind of terminal.
cat > "$work/verify.sh" <<SCRIPT
cp "$work/demo.db" "$work/v.db"
head=\$("$bin" verify --db "$work/v.db" | sed -n 's/.*head //p')
sqlite3 "$work/v.db" "UPDATE records SET new_value = 'x' WHERE id = 1200; DELETE FROM records WHERE id = 1500"
echo "\$ auditlog verify --head \${head:0:16}..."
"$bin" verify --db "$work/v.db" --head "\$head" --utc
SCRIPT
sock="shots-verify-$$"
tmux -L "$sock" -f /dev/null new-session -d -s s -x $cols -y 12 "env TZ=UTC LANG=C.UTF-8 bash $work/verify.sh; sleep 5"
sleep 3
tmux -L "$sock" capture-pane -t s -e -p > "$work/verify.ansi"
tmux -L "$sock" kill-server
python3 screenshots/render.py "$work/verify.ansi" screenshots/verify.png $cols 12
echo screenshots/verify.png

# The compliance report's HTML page, rendered by headless Chromium (Debian's chromium).
"$bin" report --db "$work/demo.db" --since 2025-06-01 --until 2025-06-30 --utc -o "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/chromium" \
    --screenshot="$PWD/screenshots/report.png" --window-size=1280,1500 "file://$work/report.html" 2>/dev/null
echo screenshots/report.png

# The review's HTML page: the demo's last week against the four before it.
"$bin" review --db "$work/demo.db" --since 2025-06-23 --until 2025-06-29 --timezone UTC --config /dev/null \
    -o "$work/review.html" 2>/dev/null || [ $? -eq 3 ]
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/chromium" \
    --screenshot="$PWD/screenshots/review-page.png" --window-size=1280,1500 "file://$work/review.html" 2>/dev/null
echo screenshots/review-page.png

# Notes (last: the other pictures show the demo without any): two notes on the first billing-address change,
# written with `note add` as the account running this script; its row shows the mark, W lists the view's notes.
"$bin" export --db "$work/demo.db" --format ndjson --query "channel:audit billingAddress" -o "$work/changes.ndjson" 2>/dev/null
ref=$(head -1 "$work/changes.ndjson" | python3 -c 'import json, sys; print(json.load(sys.stdin)["ref"])')
"$bin" note add "$ref" --db "$work/demo.db" --text "Customer called: the new address is right (ticket 4411)" 2>/dev/null
printf 'Checked with finance.\nInvoice re-sent to the new address.\n' | "$bin" note add "$ref" --db "$work/demo.db" 2>/dev/null
shot note-row / "type:channel:audit billingAddress" Enter Enter
shot notes-list / "type:channel:audit" Enter W
