/* SPDX-License-Identifier: 0BSD */
/* sstrip: drop what a static ELF executable does not need to run: the
 * section header table and every byte after the last loadable segment
 * (.comment, .shstrtab). The kernel loads by program headers only; this
 * saves about 1 KB on nsbox. A host tool, built by build.sh with $HOSTCC;
 * handles ELF32/ELF64 in either byte order, so cross builds work.
 * usage: sstrip FILE */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned char buf[1 << 22];
static int be, wide;

static uint64_t get(size_t off, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)buf[off + (be ? n - 1 - i : i)] << (8 * i);
	return v;
}

static void put(size_t off, int n, uint64_t v)
{
	int i;

	for (i = 0; i < n; i++)
		buf[off + (be ? n - 1 - i : i)] = v >> (8 * i);
}

int main(int argc, char **argv)
{
	FILE *f;
	size_t len, end = 0, phoff, i;
	unsigned phnum, phsz;

	if (argc != 2 || !(f = fopen(argv[1], "r+b")))
		return fprintf(stderr, "usage: sstrip FILE\n"), 2;
	len = fread(buf, 1, sizeof(buf), f);
	if (len < 52 || memcmp(buf, "\177ELF", 4) || len == sizeof(buf))
		return fprintf(stderr, "sstrip: %s: not an ELF file\n", argv[1]), 1;
	wide = buf[4] == 2;
	be = buf[5] == 2;
	phoff = get(wide ? 0x20 : 0x1c, wide ? 8 : 4);
	phsz = get(wide ? 0x36 : 0x2a, 2);
	phnum = get(wide ? 0x38 : 0x2c, 2);
	end = phoff + (size_t)phsz * phnum;
	for (i = 0; i < phnum; i++) {
		size_t p = phoff + i * phsz;
		uint64_t off = get(p + (wide ? 8 : 4), wide ? 8 : 4);
		uint64_t fsz = get(p + (wide ? 0x20 : 0x10), wide ? 8 : 4);

		if (get(p, 4) && off + fsz > end)	/* any non-null segment */
			end = off + fsz;
	}
	if (end > len)
		return fprintf(stderr, "sstrip: %s: truncated\n", argv[1]), 1;
	put(wide ? 0x28 : 0x20, wide ? 8 : 4, 0);	/* e_shoff */
	put(wide ? 0x3c : 0x30, 2, 0);			/* e_shnum */
	put(wide ? 0x3e : 0x32, 2, 0);			/* e_shstrndx */
	rewind(f);
	if (fwrite(buf, 1, end, f) != end || fflush(f) || ftruncate(fileno(f), end))
		return perror(argv[1]), 1;
	return fclose(f) != 0;
}
