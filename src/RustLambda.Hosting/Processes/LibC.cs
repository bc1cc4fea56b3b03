using System;
using System.Runtime.InteropServices;

namespace RustLambda.Hosting.Processes
{
    /// <summary>
    /// The few Linux libc calls <see cref="BootstrapProcess"/> needs. System.Diagnostics.Process cannot give a child one
    /// pipe as both its stdout and its stderr (Lambda keeps the two in one stream, in the order written), nor hand back the
    /// pipe's descriptor so we can tell when everything the child wrote so far has been read; posix_spawn can, without a
    /// shell. Constants are the Linux values, the same on x86_64 and aarch64.
    /// </summary>
    internal static unsafe class LibC
    {
        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int ECHILD = 10;
        public const int O_RDONLY = 0;
        public const int O_NONBLOCK = 0x800;
        public const int O_CLOEXEC = 0x80000;
        public const int F_GETFL = 3;
        public const int F_SETFL = 4;
        public const short POLLIN = 0x1;
        public const int SIGKILL = 9;
        public const short POSIX_SPAWN_SETPGROUP = 0x02;
        public const short POSIX_SPAWN_SETSIGDEF = 0x04;
        public const short POSIX_SPAWN_SETSIGMASK = 0x08;

        // Larger than glibc's and musl's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128).
        public const int OpaqueStructBytes = 1024;

        private const string Library = "libc";

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport(Library, SetLastError = true)]
        public static extern int pipe2(int* fds, int flags);

        [DllImport(Library, SetLastError = true)]
        public static extern int close(int fd);

        [DllImport(Library, SetLastError = true)]
        public static extern nint read(int fd, byte* buffer, nint count);

        [DllImport(Library, SetLastError = true)]
        public static extern int fcntl(int fd, int command, int argument);

        [DllImport(Library, SetLastError = true)]
        public static extern int poll(PollFd* fds, nuint count, int timeoutMs);

        [DllImport(Library, SetLastError = true)]
        public static extern int waitpid(int pid, int* status, int options);

        [DllImport(Library, SetLastError = true)]
        public static extern int kill(int pid, int signal);

        [DllImport(Library)]
        public static extern int posix_spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

        [DllImport(Library)]
        public static extern int posix_spawn_file_actions_init(void* fileActions);

        [DllImport(Library)]
        public static extern int posix_spawn_file_actions_destroy(void* fileActions);

        [DllImport(Library)]
        public static extern int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

        [DllImport(Library)]
        public static extern int posix_spawn_file_actions_addopen(void* fileActions, int fd, byte* path, int flags, int mode);

        /// <summary>glibc 2.29 and later, musl 1.1.24 and later.</summary>
        [DllImport(Library)]
        public static extern int posix_spawn_file_actions_addchdir_np(void* fileActions, byte* path);

        [DllImport(Library)]
        public static extern int posix_spawnattr_init(void* attributes);

        [DllImport(Library)]
        public static extern int posix_spawnattr_destroy(void* attributes);

        [DllImport(Library)]
        public static extern int posix_spawnattr_setflags(void* attributes, short flags);

        [DllImport(Library)]
        public static extern int posix_spawnattr_setpgroup(void* attributes, int processGroup);

        [DllImport(Library)]
        public static extern int posix_spawnattr_setsigdefault(void* attributes, void* signals);

        [DllImport(Library)]
        public static extern int posix_spawnattr_setsigmask(void* attributes, void* signals);

        [DllImport(Library)]
        public static extern int sigfillset(void* set);

        [DllImport(Library)]
        public static extern int sigemptyset(void* set);

        public static int LastError => Marshal.GetLastPInvokeError();

        public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno) + " (errno " + errno + ")";
    }
}
