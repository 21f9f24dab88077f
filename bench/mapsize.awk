# SPDX-License-Identifier: 0BSD
# Bytes each input object contributes to the linked image, from a GNU ld
# map file (-Wl,-Map=FILE): "SIZE OBJECT" lines, largest first after sort.
# .bss and similar NOBITS sections take no file space and are left out.
function hex(s,   i, c, v) {
	v = 0; s = tolower(s); sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
function add(sec, sz, obj) {
	if (sec ~ /^\.(bss|tbss)/ || obj == "" || sz == 0) return
	sub(/^.*\//, "", obj)		# libc.a(execvp.lo) or ccXXXX.o
	size[obj] += sz
}
/^Linker script and memory map/ { m = 1; next }
!m { next }
/^ \.[^ ]+$/ { pend = $1; next }	# long name: the rest is on the next line
pend != "" && /^ +0x/ { add(pend, hex($2), $3); pend = ""; next }
{ pend = "" }
/^ \.[^ ]+ +0x[0-9a-f]+ +0x[0-9a-f]+ / { add($1, hex($3), $4) }
END { for (o in size) print size[o], o }
