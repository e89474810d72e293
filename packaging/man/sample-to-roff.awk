# Turns `lanecastd --print-sample-config` into the KEYS section of lanecast.conf(5): one .SS per
# section and one .TP per key, so the manual page lists exactly the keys the binary knows.
#
# Input shape: a header of comment lines, then "[section]" lines, each followed by paragraphs of
# "# text" lines ending with a "#key = default" line.

function roff(text) {
  gsub(/\\/, "\\e", text)
  gsub(/-/, "\\-", text)
  sub(/^[.']/, "\\\\\\&&", text)
  return text
}

/^\[[a-z_]+\]$/ { section = substr($0, 2, length($0) - 2); print ".SS [" section "]"; started = 1; next }
!started { next }
/^# / { help[++lines] = substr($0, 3); next }
/^#[a-z_]+ =/ {
  key = $0
  sub(/^#/, "", key)
  sub(/ =.*/, "", key)
  print ".TP"
  print ".B " section "." key
  had_default = 0
  for (i = 1; i <= lines; i++) {
    # Type and default each on their own line, not run into the sentence before them.
    if (help[i] ~ /^(Type|Default): /) print ".br"
    if (help[i] ~ /^Default: /) had_default = 1
    print roff(help[i])
  }
  # A default too long for a comment line appears only in the assignment.
  if (!had_default) {
    value = $0
    sub(/^#[a-z_]+ = ?/, "", value)
    value = roff(value)
    gsub(/:/, ":\\:", value)  # \: lets troff break the long word after each colon
    print ".br"
    print ".ad l"
    print "Default: " value
    print ".ad"
  }
  lines = 0
  next
}
/^$/ { next }
{ print "sample-to-roff: unexpected line: " $0 > "/dev/stderr"; failed = 1; exit 1 }
END { if (failed) exit 1 }
