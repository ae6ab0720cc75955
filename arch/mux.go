package arch

// socketcall is the socketcall(2) multiplexer. The codes are the SYS_*
// constants of include/uapi/linux/net.h, which net/socket.c's
// SYSCALL_DEFINE2(socketcall, ...) switches on; libseccomp encodes the same
// codes as its pseudo-syscall numbers __PNR_socket (-101) .. __PNR_sendmmsg
// (-120) in include/seccomp-syscalls.h.
var socketcall = &Mux{
	Name: "socketcall",
	Calls: map[string]uint32{
		"socket":      1,  // SYS_SOCKET
		"bind":        2,  // SYS_BIND
		"connect":     3,  // SYS_CONNECT
		"listen":      4,  // SYS_LISTEN
		"accept":      5,  // SYS_ACCEPT
		"getsockname": 6,  // SYS_GETSOCKNAME
		"getpeername": 7,  // SYS_GETPEERNAME
		"socketpair":  8,  // SYS_SOCKETPAIR
		"send":        9,  // SYS_SEND
		"recv":        10, // SYS_RECV
		"sendto":      11, // SYS_SENDTO
		"recvfrom":    12, // SYS_RECVFROM
		"shutdown":    13, // SYS_SHUTDOWN
		"setsockopt":  14, // SYS_SETSOCKOPT
		"getsockopt":  15, // SYS_GETSOCKOPT
		"sendmsg":     16, // SYS_SENDMSG
		"recvmsg":     17, // SYS_RECVMSG
		"accept4":     18, // SYS_ACCEPT4
		"recvmmsg":    19, // SYS_RECVMMSG
		"sendmmsg":    20, // SYS_SENDMMSG
	},
}

// ipc is the ipc(2) multiplexer. The codes are the operation constants of
// include/uapi/linux/ipc.h, which ipc/syscall.c's ksys_ipc switches on
// after splitting the call word into version (high 16 bits) and operation
// (low 16 bits); libseccomp encodes them as __PNR_semop (-201) ..
// __PNR_shmctl (-224).
var ipc = &Mux{
	Name: "ipc",
	Calls: map[string]uint32{
		"semop":      1,  // SEMOP
		"semget":     2,  // SEMGET
		"semctl":     3,  // SEMCTL
		"semtimedop": 4,  // SEMTIMEDOP
		"msgsnd":     11, // MSGSND
		"msgrcv":     12, // MSGRCV
		"msgget":     13, // MSGGET
		"msgctl":     14, // MSGCTL
		"shmat":      21, // SHMAT
		"shmdt":      22, // SHMDT
		"shmget":     23, // SHMGET
		"shmctl":     24, // SHMCTL
	},
}
