# shellcheck shell=bash
# Sourced by deploy/install.sh: the move from potion-runner.target to potion-runner.service.
# Until issue 17 a target grouped the three processes, so the PRD's `systemctl status
# potion-runner` (read as potion-runner.service) found nothing. potion-runner.service now
# groups them (docs/decisions/026); an install from before still has the target.

OLD_TARGET=potion-runner.target
OLD_TARGET_RETIRED=0

# Disables and removes the old target and the processes' links in its .wants folder (they
# are enabled again, into potion-runner.service.wants/, by the enable step).
retire_old_target() {
  local unit="/etc/systemd/system/$OLD_TARGET"
  [ -e "$(r "$unit")" ] || [ -d "$(r "$unit.wants")" ] || return 0
  OLD_TARGET_RETIRED=1
  if system_steps && command -v systemctl >/dev/null 2>&1; then
    act "disable $OLD_TARGET and its links (potion-runner.service replaces it)" systemctl disable --quiet "$OLD_TARGET" potion-runner-worker.service potion-runner-bot.service potion-runner-dashboard.service
  fi
  if [ -e "$(r "$unit")" ]; then act "remove $unit" rm -f "$(r "$unit")"; fi
  if [ -d "$(r "$unit.wants")" ]; then act "remove $unit.wants/" rm -rf "$(r "$unit.wants")"; fi
}

# After daemon-reload the old target has no file and no dependencies; stopping it stops nothing else.
stop_old_target() {
  [ "$OLD_TARGET_RETIRED" = 1 ] || return 0
  if systemctl is-active --quiet "$OLD_TARGET" 2>/dev/null; then act "stop $OLD_TARGET" systemctl stop "$OLD_TARGET"; fi
}
