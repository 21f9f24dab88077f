/* SPDX-License-Identifier: 0BSD */
/* The command every spawn benchmark runs: a static musl "true", so the
 * time measured is the tool's and the kernel's, not the dynamic loader's. */
int main(void)
{
	return 0;
}
