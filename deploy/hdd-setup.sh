#!/usr/bin/env bash
# Guided, safe setup of the data HDD (PRD step 3): pick a partition, format it only if you
# say so, mount it by UUID at /mnt/potion-data with "defaults,noatime,nofail".
#
#   sudo deploy/hdd-setup.sh             guided (asks; nothing happens until you type the device name)
#   sudo deploy/hdd-setup.sh --dry-run   show what it would do, change nothing
#
# Options: --mount-point DIR (default: HDD_MOUNT from /opt/potion-runner/.env, else /mnt/potion-data)
#          --fstab FILE (default /etc/fstab; tests use a copy)
#
# Safety:
# - it formats or edits fstab only after you type the exact device name (e.g. sdb4);
# - nofail: a dead or missing HDD never stops the laptop from booting;
# - after editing fstab it checks with `mount -a` and `findmnt --verify`, and puts the old
#   fstab back if either fails (a copy stays as /etc/fstab.potion-backup-DATE).
set -euo pipefail

DRY_RUN=0
FSTAB=/etc/fstab
MOUNT_POINT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --fstab) FSTAB="${2:?--fstab needs a file}"; shift ;;
    --mount-point) MOUNT_POINT="${2:?--mount-point needs a folder}"; shift ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
ask() {
  local answer
  printf '%s ' "$1" >&2
  read -r answer || answer=""
  printf '%s' "$answer"
}

if [ -z "$MOUNT_POINT" ]; then
  if [ -r /opt/potion-runner/.env ]; then
    MOUNT_POINT=$(sed -n 's/^HDD_MOUNT=//p' /opt/potion-runner/.env | tail -n 1 | tr -d '"'"'")
  fi
  MOUNT_POINT=${MOUNT_POINT:-/mnt/potion-data}
fi
[ "$DRY_RUN" = 1 ] || [ "$(id -u)" -eq 0 ] || [ "$FSTAB" != /etc/fstab ] || die "run it with sudo: sudo $0"

step "Disks and partitions on this laptop"
say "(NAME = device, SIZE, FSTYPE = file system, MOUNTPOINT = where it is used now)"
lsblk -o NAME,SIZE,TYPE,FSTYPE,LABEL,MOUNTPOINT,UUID
say ""
say "The HDD is usually sdb (the SSD with Ubuntu is sda or nvme0n1). Pick a PARTITION (e.g. sdb4), not a whole disk."

if findmnt -rn -M "$MOUNT_POINT" >/dev/null 2>&1; then
  say ""
  say "$MOUNT_POINT is already mounted ($(findmnt -rn -o SOURCE -M "$MOUNT_POINT")). Nothing to do."
  say "Next: sudo deploy/install.sh   (moves logs and backups onto the HDD)"
  exit 0
fi

name=$(ask "Which partition should hold potion-runner's data? Type its name (e.g. sdb4), or press Enter to stop:")
name=${name#/dev/}
[ -n "$name" ] || { say "Stopped: nothing changed."; exit 0; }
[[ "$name" =~ ^[A-Za-z0-9]+$ ]] || die "\"$name\" is not a device name like sdb4"
dev="/dev/$name"
info=$(lsblk -nP -o TYPE,FSTYPE,MOUNTPOINT "$dev" 2>/dev/null | head -n 1) || true
[ -n "$info" ] || die "$dev does not exist: check the list above"
# lsblk -P prints KEY="value" pairs, so an empty FSTYPE cannot shift the other fields.
field() { printf '%s\n' "$info" | sed -n "s/.*\b$1=\"\([^\"]*\)\".*/\1/p"; }
dev_type=$(field TYPE)
fstype=$(field FSTYPE)
mountpoint=$(field MOUNTPOINT)
[ "$dev_type" = part ] || die "$dev is a $dev_type, not a partition: pick a partition such as ${name}1"
if [ -n "${mountpoint:-}" ] && [ "$mountpoint" != "$MOUNT_POINT" ]; then
  die "$dev is in use at $mountpoint: pick another partition"
fi

if [ "${fstype:-}" != ext4 ]; then
  step "Format $dev as ext4 (label POTIONDATA)"
  say "$dev has ${fstype:-no file system}. Formatting ERASES EVERYTHING on $dev."
  confirm=$(ask "To format it, type the device name again exactly ($name); anything else stops:")
  [ "$confirm" = "$name" ] || { say "Stopped: nothing changed."; exit 0; }
  if [ "$DRY_RUN" = 1 ]; then say "would run: mkfs.ext4 -L POTIONDATA $dev"; else mkfs.ext4 -F -L POTIONDATA "$dev"; fi
else
  say "$dev is already ext4: it is NOT formatted (your files on it stay)."
fi

uuid=$(blkid -s UUID -o value "$dev" 2>/dev/null || true)
if [ -z "$uuid" ]; then
  [ "$DRY_RUN" = 1 ] || die "no UUID for $dev (blkid $dev)"
  uuid="<UUID of $dev after formatting>"
fi
line="UUID=$uuid $MOUNT_POINT ext4 defaults,noatime,nofail 0 2"

step "Mount by UUID at boot (/etc/fstab)"
say "The line:  $line"
say "  UUID   = this partition, even if the disk names change (sdb may become sdc)"
say "  noatime = fewer writes;  nofail = the laptop still boots when the HDD is dead or unplugged"
existing=$(awk -v mp="$MOUNT_POINT" '$1 !~ /^#/ && $2 == mp' "$FSTAB")
if [ -n "$existing" ]; then
  if grep -qxF "$line" "$FSTAB"; then say "$FSTAB already has this line."; else
    die "$FSTAB already mounts something at $MOUNT_POINT: $existing. Edit it by hand (sudo nano $FSTAB) or pick another --mount-point."
  fi
  changed_fstab=0
else
  confirm=$(ask "To add it to $FSTAB, type the device name again exactly ($name); anything else stops:")
  [ "$confirm" = "$name" ] || { say "Stopped: $FSTAB not changed."; exit 0; }
  if [ "$DRY_RUN" = 1 ]; then
    say "would: copy $FSTAB to $FSTAB.potion-backup-DATE, append the line, mkdir -p $MOUNT_POINT, mount -a, findmnt --verify"
    exit 0
  fi
  backup="$FSTAB.potion-backup-$(date +%Y%m%d-%H%M%S)"
  cp -p "$FSTAB" "$backup"
  printf '# potion-runner data HDD (deploy/hdd-setup.sh)\n%s\n' "$line" >>"$FSTAB"
  changed_fstab=1
  say "Added. The old file is kept as $backup"
fi
[ "$DRY_RUN" = 1 ] && exit 0

rollback() {
  if [ "$changed_fstab" = 1 ]; then
    cp -p "$backup" "$FSTAB"
    say "Rolled back: $FSTAB is as before (copy in $backup)."
    if [ "$FSTAB" = /etc/fstab ] && command -v systemctl >/dev/null 2>&1; then systemctl daemon-reload || true; fi
  fi
  die "$1"
}

step "Check: mount -a and findmnt --verify"
mkdir -p "$MOUNT_POINT"
# systemd builds mount units from fstab: tell it about the new line first.
if [ "$FSTAB" = /etc/fstab ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
mount_args=(-a)
verify_args=(--verify)
if [ "$FSTAB" != /etc/fstab ]; then
  mount_args=(-a -T "$FSTAB")
  verify_args=(--verify --tab-file "$FSTAB")
fi
mount "${mount_args[@]}" || rollback "mount -a failed: the line was not right for this machine"
findmnt "${verify_args[@]}" || rollback "findmnt --verify found a problem in $FSTAB"
findmnt -rn -M "$MOUNT_POINT" >/dev/null || rollback "$MOUNT_POINT is not mounted after mount -a"
say "Mounted: $(findmnt -rn -o SOURCE,TARGET,FSTYPE,OPTIONS -M "$MOUNT_POINT")"
df -h "$MOUNT_POINT" || true
say ""
say "Next: sudo deploy/install.sh   (moves logs and backups onto the HDD and links them)"
