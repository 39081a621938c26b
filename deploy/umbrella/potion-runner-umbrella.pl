#!/usr/bin/perl
# potion-runner.service: the unit the PRD's commands name (`systemctl status|restart
# potion-runner`, `journalctl -u potion-runner -f`). Worker, bot and dashboard stay units of
# their own (each its own restart and watchdog) that are PartOf= this one. This process:
#   - follows their journal (`journalctl -f -o json -u ...`) and writes each line to its own
#     stdout as `worker:   INFO  message key=value`, so it lands in this unit's journal
#     (`journalctl -u X` shows only what X's own processes wrote);
#   - sends `STATUS=worker: active (running) PID 812 · bot: ... · dashboard: ...` (sd_notify)
#     on each of systemd's messages about them, on a line from a new process, and every 15 s.
# Perl, not Node.js: this runs all the time and costs a few MB instead of ~60 (issue 20).
# Perl, not sh: one process reads the JSON lines (readable pino lines, priorities, cursor to
# resume and to drain at stop) and sends its own notifications (NotifyAccess=main).
# Only modules of perl-base (Essential on Debian and Ubuntu). See docs/decisions/026.
#
# For the tests: `--relay` turns `journalctl -o json` lines on stdin into the relayed lines,
# `--status` turns `systemctl show` output of the three into the status line; both then end.
use strict;
use warnings;
use Socket qw(AF_UNIX SOCK_DGRAM pack_sockaddr_un);

my @ALL_PROCS = (['worker', 'potion-runner-worker.service'], ['bot', 'potion-runner-bot.service'], ['dashboard', 'potion-runner-dashboard.service']);
# A joined host runs the worker only (deploy/lib/join.sh sets POTION_UMBRELLA_PROCS=worker in a
# drop-in): the others are not "not installed" there, they do not belong.
my %WANTED = map { $_ => 1 } split /,/, ($ENV{POTION_UMBRELLA_PROCS} // 'worker,bot,dashboard');
my @PROCS = grep { $WANTED{$_->[0]} } @ALL_PROCS;
die "POTION_UMBRELLA_PROCS names none of worker, bot, dashboard\n" unless @PROCS;
my %NAME_OF = map { $_->[1] => $_->[0] } @PROCS;
my @UNIT_ARGS = map { ('-u', $_->[1]) } @PROCS;
my $SELF_UNIT = 'potion-runner.service';
my $STATUS_EVERY = 15;
my $RETRY_AFTER = 2;
my %LEVELS = (10 => 'TRACE', 20 => 'DEBUG', 30 => 'INFO ', 40 => 'WARN ', 50 => 'ERROR', 60 => 'FATAL');
my %HIDDEN = map { $_ => 1 } qw(level time pid hostname name proc msg module);

# One JSON value (string, number, literal, or a nested object or array), for the pino lines.
my $STR = qr/"(?:[^"\\]|\\.)*"/s;
my $VALUE = qr/(?<v>"(?:[^"\\]|\\.)*"|\{(?:[^{}\[\]"]++|(?&v))*\}|\[(?:[^{}\[\]"]++|(?&v))*\]|[^\s,{}\[\]"]+)/s;

sub warn_line { print STDERR "<4>$_[0]\n" }

# A JSON string's contents (without the quotes) as bytes.
sub unescape {
  my ($s) = @_;
  my %simple = (n => "\n", t => "\t", r => "\r", b => "\b", f => "\f");
  $s =~ s{\\(?:u([0-9a-fA-F]{4})|(.))}{
    if (defined $1) { my $c = chr(hex $1); utf8::encode($c); $c }
    else { $simple{$2} // $2 }
  }ges;
  return $s;
}

# A top-level string field of one `journalctl -o json` line (fields that are not valid UTF-8
# come as an array of bytes).
sub field {
  my ($line, $key) = @_;
  return unescape($1) if $line =~ /[{,]"\Q$key\E":"((?:[^"\\]|\\.)*)"/s;
  return pack('C*', grep { length } split /[\s,]+/, $1) if $line =~ /[{,]"\Q$key\E":\[([\d,\s]*)\]/;
  return undef;
}

# A pino JSON line as `INFO  [module] message  key=value`; undef when it is not one.
sub pretty_pino {
  my ($line) = @_;
  return undef unless $line =~ /^\{/;
  my (%o, @keys);
  pos($line) = 1;
  while ($line =~ /\G\s*("(?:[^"\\]|\\.)*")\s*:\s*$VALUE\s*(?<end>,|\})/gcs) {
    my ($k, $v, $end) = (unescape(substr($1, 1, -1)), $+{v}, $+{end});
    push @keys, $k unless exists $o{$k};
    $o{$k} = $v;
    last if $end eq '}';
  }
  return undef unless @keys && $line =~ /\G\s*$/gc;
  my $str = sub { my ($v) = @_; defined $v && $v =~ /^"(.*)"$/s ? unescape($1) : $v };
  my $level = $LEVELS{$o{level} // ''} // 'INFO ';
  my $module = defined $o{module} && $o{module} =~ /^"/ ? '[' . $str->($o{module}) . '] ' : '';
  my @extras;
  for my $k (grep { !$HIDDEN{$_} } @keys) {
    my $v = $o{$k};
    if ($k eq 'err' && $v =~ /^\{/) {
      my $m = $v =~ /[{,]\s*"message"\s*:\s*($STR)/s ? unescape(substr($1, 1, -1)) : '';
      push @extras, qq{err="$m"};
      next;
    }
    my $s = $str->($v);
    $s = substr($s, 0, 120) . "\x{e2}\x{80}\x{a6}" if length($s) > 120;
    push @extras, "$k=$s";
  }
  my $msg = defined $o{msg} ? $str->($o{msg}) : '';
  return "$level $module$msg" . (@extras ? '  ' . join(' ', @extras) : '');
}

# What this unit writes for one journal entry: `<priority>worker:   text`, one line per line
# of the message (`<N>` is read by journald as the line's priority). Other units give nothing.
sub relay_lines {
  my ($entry) = @_;
  my $name = $NAME_OF{$entry->{unit} // ''} or return ();
  my $priority = $entry->{priority};
  if ($entry->{message} =~ /^\{.*"level":(\d+)/s) {
    my $p = $1 >= 60 ? 2 : $1 >= 50 ? 3 : $1 >= 40 ? 4 : 7;
    $priority = $p if $p < $priority;
  }
  my $tag = sprintf('%-9s', "$name:");
  my @out;
  for my $l (split /\n/, $entry->{message}) {
    $l =~ s/\r$//;
    next unless $l =~ /\S/;
    my $pretty = pretty_pino($l);
    push @out, "<$priority>$tag " . ($pretty // $l) . "\n";
  }
  return @out;
}

sub parse_entry {
  my ($line) = @_;
  return undef unless $line =~ /^\{/;
  my $cursor = field($line, '__CURSOR');
  my $mono = field($line, '__MONOTONIC_TIMESTAMP');
  return undef unless defined $cursor && defined $mono && $mono =~ /^\d+$/;
  my $unit = field($line, 'UNIT') // field($line, 'OBJECT_SYSTEMD_UNIT') // field($line, 'COREDUMP_UNIT') // field($line, '_SYSTEMD_UNIT');
  my $priority = field($line, 'PRIORITY') // '';
  my $pid = field($line, '_PID');
  return {
    cursor => $cursor, mono => $mono, unit => $unit,
    message => field($line, 'MESSAGE') // '',
    priority => $priority =~ /^[0-7]$/ ? $priority : 6,
    pid => defined $pid && $pid =~ /^\d+$/ ? $pid : undef,
  };
}

# The "Status:" line of `systemctl status potion-runner` from `systemctl show` of the three:
# each process with its state and main PID, and where to look when one is not running.
# Returns the text and the main PIDs; no text when the output names none of them.
sub status_text {
  my ($show) = @_;
  my %state;
  for my $block (split /\n\n/, $show) {
    my %p = map { /^(\w+)=(.*)$/ ? ($1 => $2) : () } split /\n/, $block;
    $state{$p{Id}} = \%p if defined $p{Id} && $NAME_OF{$p{Id}};
  }
  return (undef, []) unless %state;
  my (@parts, @down);
  for my $proc (@PROCS) {
    my ($name, $unit) = @$proc;
    my $s = $state{$unit};
    push @down, $unit =~ s/\.service$//r unless $s && ($s->{ActiveState} // '') eq 'active';
    if (!$s || ($s->{LoadState} // '') eq 'not-found') {
      push @parts, "$name: not installed";
      next;
    }
    my ($active, $sub) = ($s->{ActiveState} // '', $s->{SubState} // '');
    my $text = "$name: " . ($sub ne '' && $sub ne $active ? "$active ($sub)" : $active);
    $text .= " PID $s->{MainPID}" if $s->{MainPID};
    push @parts, $text;
  }
  my $text = join(" \x{c2}\x{b7} ", @parts) . (@down ? ' (details: systemctl status ' . join(' ', @down) . ')' : '');
  return ($text, [map { $_->{MainPID} ? ($_->{MainPID}) : () } values %state]);
}

if (@ARGV && $ARGV[0] eq '--status') {
  local $/;
  my ($text) = status_text(<STDIN> // '');
  print $text // '', "\n";
  exit 0;
}

if (@ARGV && $ARGV[0] eq '--relay') {
  binmode STDIN;
  binmode STDOUT;
  while (my $line = <STDIN>) {
    chomp $line;
    my $e = parse_entry($line) or next;
    print relay_lines($e);
  }
  exit 0;
}

# ---- The service ----

binmode STDOUT;
$| = 1;

# sd_notify from this process itself (NotifyAccess=main).
my $notify_sock;
if (my $path = $ENV{NOTIFY_SOCKET}) {
  $path =~ s/^@/\0/;
  if (socket(my $s, AF_UNIX, SOCK_DGRAM, 0)) {
    $notify_sock = [$s, pack_sockaddr_un($path)];
  } else {
    warn_line("sd_notify failed: $!");
  }
}
sub notify {
  my ($text) = @_;
  return unless $notify_sock;
  defined send($notify_sock->[0], $text, 0, $notify_sock->[1]) or warn_line("sd_notify failed: $!");
}

# Runs a command (no shell) and returns its stdout.
sub capture {
  my @cmd = @_;
  open(my $fh, '-|', @cmd) or do { warn_line("$cmd[0] failed: $!"); return '' };
  local $/;
  my $out = <$fh> // '';
  close $fh;
  return $out;
}

my $shown = '';
my %known_pids;

# Reads the three states and updates STATUS= when the text changed.
sub refresh {
  my $out = capture('systemctl', 'show', '--no-pager', '-p', 'Id', '-p', 'LoadState', '-p', 'ActiveState', '-p', 'SubState', '-p', 'MainPID', '--', map { $_->[1] } @PROCS);
  my ($text, $pids) = status_text($out);
  unless (defined $text) {
    warn_line('reading the states failed: systemctl show gave nothing');
    return;
  }
  %known_pids = map { $_ => 1 } @$pids;
  notify("STATUS=$text") if $text ne $shown;
  $shown = $text;
}

# Where this run starts: entries before this process started were relayed by the run before
# (this unit starts before and stops after the three). Monotonic µs, exact, from systemd.
my $start_mono = capture('systemctl', 'show', '-P', 'ExecMainStartTimestampMonotonic', $SELF_UNIT);
$start_mono = $start_mono =~ /^(\d+)\s*$/ && $1 > 0 ? $1 : 0;
my $since = time() - 1;
my $cursor;
my $stopping = 0;
$SIG{TERM} = $SIG{INT} = sub { $stopping = 1 };
$SIG{PIPE} = 'IGNORE';

sub journal_cmd {
  my (@mode) = @_;
  return ('journalctl', @mode, '--no-pager', '-o', 'json', (defined $cursor ? ('--after-cursor', $cursor) : ('--since', "\@$since")), @UNIT_ARGS);
}

my $want_refresh = 0;
sub take_line {
  my ($line) = @_;
  my $e = parse_entry($line) or return;
  return if $e->{mono} < $start_mono || (defined $cursor && $e->{cursor} eq $cursor);
  $cursor = $e->{cursor};
  print relay_lines($e);
  # systemd's own messages (started, stopped, watchdog) mean a state changed; so does a line
  # from a process that is not a known main process (a new one).
  $want_refresh = 1 if defined $e->{pid} && ($e->{pid} == 1 || !$known_pids{$e->{pid}});
}

# Reads what is there to read from a pipe; returns false at its end.
sub read_lines {
  my ($fh, $buf) = @_;
  my $n = sysread($fh, $$buf, 65536, length $$buf);
  return 1 if !defined $n && $!{EINTR};
  return 0 unless $n;
  while ($$buf =~ s/^([^\n]*)\n//) { take_line($1) }
  return 1;
}

my $next_refresh = 0;
my ($jpid, $jfh, $buf);
my $retry_at = 0;
sub follow {
  $buf = '';
  $jpid = open($jfh, '-|', journal_cmd('--follow'));
  return if $jpid;
  warn_line("following the journal: $!");
  undef $jfh;
  $retry_at = time() + $RETRY_AFTER;
}
# Ready once journalctl runs: it reads from --since (a second before this process started), so
# no line of the three is missed however long it takes to open the journal.
follow();
my @names = map { $_->[0] } @PROCS;
$shown = 'starting ' . (@names > 1 ? join(', ', @names[0 .. $#names - 1]) . ' and ' . $names[-1] : $names[0]);
notify("READY=1\nSTATUS=$shown");
while (!$stopping) {
  follow() if !$jfh && time() >= $retry_at;
  if (time() >= $next_refresh || $want_refresh) {
    $want_refresh = 0;
    refresh();
    $next_refresh = time() + $STATUS_EVERY;
  }
  my $wait = ($jfh ? $next_refresh : ($retry_at < $next_refresh ? $retry_at : $next_refresh)) - time();
  $wait = 0 if $wait < 0;
  my $rin = '';
  vec($rin, fileno($jfh), 1) = 1 if $jfh;
  my $ready = select(my $rout = $rin, undef, undef, $wait);
  next if $stopping || $ready <= 0 || !$jfh;
  next if read_lines($jfh, \$buf);
  close $jfh;
  undef $jfh;
  warn_line('following the journal: journalctl --follow ended');
  $retry_at = time() + $RETRY_AFTER;
}

# Stopping: the processes were stopped first; their last lines may not have been read yet.
notify('STOPPING=1');
if ($jfh) {
  kill 'TERM', $jpid;
  close $jfh;
}
if (open(my $rest, '-|', journal_cmd())) {
  my $tail = '';
  1 while read_lines($rest, \$tail);
  take_line($tail) if length $tail;
  close $rest;
}
exit 0;
