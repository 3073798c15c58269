/*
 * scripts/bench/floor_read.c - the floor for graph commands: list each
 * directory given and read every file in it once, in one process, doing
 * nothing with the bytes.  revgraph cannot be faster than this.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long total = 0;

	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d)
			return 1;
		while ((e = readdir(d))) {
			ssize_t n;
			int fd;

			if (e->d_name[0] == '.')
				continue;
			fd = openat(dirfd(d), e->d_name, O_RDONLY);
			if (fd < 0)
				continue;
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				total += (unsigned long)n;
			close(fd);
		}
		closedir(d);
	}
	printf("%lu\n", total);
	return 0;
}
