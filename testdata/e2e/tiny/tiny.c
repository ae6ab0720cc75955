/*
 * tiny: a program that needs nothing but execve, write and exit_group.
 * It prints "started" with raw syscalls (no libc, no loader) and exits 0,
 * so that seccompc exec can be tested under profiles that deny everything
 * a Go or libc program needs at start-up: whatever goes wrong then is
 * seccompc's, not the program's. Built by the tests with
 * gcc -nostdlib -static.
 */
#if defined(__x86_64__)
static long sys3(long n, long a, long b, long c) {
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}
#define NR_write 1
#define NR_exit_group 231
#elif defined(__aarch64__)
static long sys3(long n, long a, long b, long c) {
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
#define NR_write 64
#define NR_exit_group 94
#else
#error "tiny: x86_64 and aarch64 only"
#endif

void _start(void) {
	static const char msg[] = "started\n";
	sys3(NR_write, 1, (long)msg, sizeof msg - 1);
	for (;;)
		sys3(NR_exit_group, 0, 0, 0);
}
