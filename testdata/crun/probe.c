/*
 * probe: makes raw syscalls and glibc calls and prints what they return,
 * for the real-container tests of seccompc (cmd/seccompc/crun_test.go).
 * Built with gcc -static so that it runs in a busybox root file system.
 *
 * Usage: probe [glibc] [CALL...]
 *
 *   glibc   start a thread with pthread_create (glibc 2.34 and later
 *           try clone3 first, and fall back to clone only on ENOSYS) and
 *           call faccessat with AT_EACCESS (glibc 2.33 and later use
 *           faccessat2 for it, and fall back only on ENOSYS).
 *   CALL    NR[:A0[,A1...]] makes syscall NR with up to six arguments
 *           (decimal or 0x hex, 64-bit); i386:NR[:A0...] makes it
 *           through int $0x80, the 32-bit entry (x86_64 only, up to
 *           five arguments).
 *
 * One line per call: the CALL as given, the return value, and the errno
 * (0 when the call succeeded).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *thread_main(void *arg) { return arg; }

static void glibc_calls(void)
{
	pthread_t t;
	int err;

	printf("glibc %s\n", gnu_get_libc_version());
	err = pthread_create(&t, NULL, thread_main, NULL);
	if (err == 0) {
		pthread_join(t, NULL);
		printf("pthread_create: ok\n");
	} else {
		printf("pthread_create: %s\n", strerror(err));
	}
	if (faccessat(AT_FDCWD, "/", R_OK, AT_EACCESS) == 0)
		printf("faccessat(AT_EACCESS): ok\n");
	else
		printf("faccessat(AT_EACCESS): %s\n", strerror(errno));
}

static int parse_args(char *s, unsigned long long *args, int max)
{
	int n = 0;
	char *end;

	if (s == NULL || *s == '\0')
		return 0;
	for (;;) {
		if (n == max)
			return -1;
		errno = 0;
		args[n++] = strtoull(s, &end, 0);
		if (errno != 0 || end == s)
			return -1;
		if (*end == '\0')
			return n;
		if (*end != ',')
			return -1;
		s = end + 1;
	}
}

#if defined(__x86_64__)
static long int80(unsigned long nr, unsigned long long *a)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
			 : "memory", "r8", "r9", "r10", "r11");
	/* The 32-bit entry returns a 32-bit value in eax. */
	return (long)(int)ret;
}
#endif

static int one_call(const char *spec)
{
	unsigned long long a[6] = {0, 0, 0, 0, 0, 0};
	char buf[256], *s = buf, *colon;
	int i386 = 0;
	unsigned long nr;
	char *end;
	long ret;
	int err = 0;

	if (strlen(spec) >= sizeof(buf))
		return -1;
	strcpy(buf, spec);
	if (strncmp(s, "i386:", 5) == 0) {
		i386 = 1;
		s += 5;
	}
	colon = strchr(s, ':');
	if (colon)
		*colon++ = '\0';
	errno = 0;
	nr = strtoul(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	if (parse_args(colon, a, i386 ? 5 : 6) < 0)
		return -1;
	if (i386) {
#if defined(__x86_64__)
		ret = int80(nr, a);
		if (ret < 0 && ret > -4096) {
			err = (int)-ret;
			ret = -1;
		}
#else
		return -1;
#endif
	} else {
		errno = 0;
		ret = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (ret == -1)
			err = errno;
	}
	printf("%s %ld %d\n", spec, ret, err);
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "glibc") == 0) {
			glibc_calls();
			continue;
		}
		if (one_call(argv[i]) < 0) {
			fprintf(stderr, "probe: bad call %s (want [i386:]NR[:A0,A1,...])\n", argv[i]);
			return 2;
		}
	}
	return 0;
}
