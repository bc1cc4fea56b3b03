using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.Hosting.Processes
{
    /// <summary>
    /// A bootstrap process started directly (posix_spawn, no shell): stdin is /dev/null (never a TTY), stdout and stderr
    /// are one pipe read continuously by an <see cref="OutputPipe"/>, and the process leads its own process group so that
    /// <see cref="Kill"/> ends it together with everything it started.
    /// </summary>
    internal sealed class BootstrapProcess : IDisposable
    {
        private readonly TaskCompletionSource<int> _exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        private BootstrapProcess(int processId, OutputPipe output)
        {
            ProcessId = processId;
            Output = output;
            // waitpid blocks: a thread of its own, so that nothing else waits on it. .NET reaps only the children it
            // started itself, so the exit status is ours to collect.
            var reaper = new Thread(Reap) { IsBackground = true, Name = "rustlambda-reap-" + processId };
            reaper.Start();
        }

        public int ProcessId { get; }

        /// <summary>The function's stdout and stderr, in the order written.</summary>
        public OutputPipe Output { get; }

        /// <summary>Completes with the exit code when the process has exited; a process killed by signal N reports 128 + N.</summary>
        public Task<int> Exited => _exited.Task;

        public bool HasExited => _exited.Task.IsCompleted;

        /// <summary>Starts <paramref name="launch"/>; every output line goes to <paramref name="onLine"/>.</summary>
        /// <exception cref="InvalidOperationException">The process could not be started (the message says why).</exception>
        public static unsafe BootstrapProcess Start(ProcessLaunch launch, Action<string> onLine)
        {
            int* pipe = stackalloc int[2];
            if (LibC.pipe2(pipe, LibC.O_CLOEXEC) != 0)
            {
                throw new InvalidOperationException("Could not create a pipe for the function's output: " + LibC.Describe(LibC.LastError));
            }
            int readEnd = pipe[0];
            int writeEnd = pipe[1];
            int processId;
            try
            {
                processId = Spawn(launch, writeEnd);
            }
            catch
            {
                LibC.close(readEnd);
                LibC.close(writeEnd);
                throw;
            }
            // The child holds its own copies; ours must go, or the pipe never reports the end of the output.
            LibC.close(writeEnd);
            return new BootstrapProcess(processId, OutputPipe.Start(readEnd, onLine, "rustlambda-output-" + processId));
        }

        /// <summary>
        /// Kills the process tree: every descendant found under the process (also those that left its process group),
        /// then the whole process group (also descendants whose parent already exited). Safe to call more than once.
        /// </summary>
        public void Kill()
        {
            if (!HasExited)
            {
                try
                {
                    using var process = Process.GetProcessById(ProcessId);
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is Win32Exception || e is NotSupportedException || e is AggregateException)
                {
                    // Already gone, or a descendant that could not be killed; the group kill below still runs.
                }
            }
            // The process group outlives its leader while members remain, so this reaches orphans too.
            LibC.kill(-ProcessId, LibC.SIGKILL);
        }

        public void Dispose()
        {
            Kill();
            Output.Dispose();
        }

        private static unsafe int Spawn(ProcessLaunch launch, int outputFd)
        {
            byte* fileActions = stackalloc byte[LibC.OpaqueStructBytes];
            byte* attributes = stackalloc byte[LibC.OpaqueStructBytes];
            byte* allSignals = stackalloc byte[LibC.OpaqueStructBytes];
            byte* noSignals = stackalloc byte[LibC.OpaqueStructBytes];
            var pinned = new NativeStrings();
            try
            {
                byte* path = pinned.Add(launch.Executable);
                byte* devNull = pinned.Add("/dev/null");
                byte* workingDirectory = pinned.Add(launch.WorkingDirectory);
                byte** argv = pinned.AddArray(new[] { launch.Executable }.Concat(launch.Arguments));
                byte** envp = pinned.AddArray(launch.Environment.Select(pair => pair.Key + "=" + pair.Value));

                Check(LibC.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
                Check(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
                try
                {
                    Check(LibC.posix_spawn_file_actions_addopen(fileActions, 0, devNull, LibC.O_RDONLY, 0), "stdin from /dev/null");
                    Check(LibC.posix_spawn_file_actions_adddup2(fileActions, outputFd, 1), "stdout to the output pipe");
                    Check(LibC.posix_spawn_file_actions_adddup2(fileActions, outputFd, 2), "stderr to the output pipe");
                    Check(AddChdir(fileActions, workingDirectory), "working directory");

                    // Signals: defaults for all (the .NET host ignores SIGPIPE, which a child must not inherit), none blocked.
                    LibC.sigfillset(allSignals);
                    LibC.sigemptyset(noSignals);
                    Check(LibC.posix_spawnattr_setsigdefault(attributes, allSignals), "posix_spawnattr_setsigdefault");
                    Check(LibC.posix_spawnattr_setsigmask(attributes, noSignals), "posix_spawnattr_setsigmask");
                    Check(LibC.posix_spawnattr_setpgroup(attributes, 0), "posix_spawnattr_setpgroup");
                    Check(LibC.posix_spawnattr_setflags(attributes, (short)(LibC.POSIX_SPAWN_SETPGROUP | LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK)), "posix_spawnattr_setflags");

                    int processId;
                    int error = LibC.posix_spawn(&processId, path, fileActions, attributes, argv, envp);
                    if (error != 0)
                    {
                        throw new InvalidOperationException($"Could not start '{launch.Executable}': {LibC.Describe(error)}.");
                    }
                    return processId;
                }
                finally
                {
                    LibC.posix_spawn_file_actions_destroy(fileActions);
                    LibC.posix_spawnattr_destroy(attributes);
                }
            }
            finally
            {
                pinned.Dispose();
            }
        }

        private static unsafe int AddChdir(byte* fileActions, byte* directory)
        {
            try
            {
                return LibC.posix_spawn_file_actions_addchdir_np(fileActions, directory);
            }
            catch (EntryPointNotFoundException)
            {
                throw new NotSupportedException("Running a function needs glibc 2.29 or later (posix_spawn_file_actions_addchdir_np); this host's C library is older.");
            }
        }

        private static void Check(int error, string step)
        {
            if (error != 0)
            {
                throw new InvalidOperationException($"Could not prepare the function's process ({step}): {LibC.Describe(error)}.");
            }
        }

        private unsafe void Reap()
        {
            int status = 0;
            int result;
            do
            {
                result = LibC.waitpid(ProcessId, &status, 0);
            }
            while (result < 0 && LibC.LastError == LibC.EINTR);
            _exited.TrySetResult(result < 0 ? -1 : ExitStatus.FromWaitStatus(status));
        }

        /// <summary>NUL-terminated UTF-8 copies in unmanaged memory, freed together.</summary>
        private sealed unsafe class NativeStrings : IDisposable
        {
            private readonly System.Collections.Generic.List<IntPtr> _blocks = new System.Collections.Generic.List<IntPtr>();

            public byte* Add(string value)
            {
                if (value.IndexOf('\0') >= 0)
                {
                    throw new ArgumentException("A process argument or environment entry holds a NUL character.");
                }
                int length = Encoding.UTF8.GetByteCount(value);
                var block = Marshal.AllocHGlobal(length + 1);
                _blocks.Add(block);
                var bytes = new Span<byte>((void*)block, length + 1);
                Encoding.UTF8.GetBytes(value, bytes);
                bytes[length] = 0;
                return (byte*)block;
            }

            public byte** AddArray(System.Collections.Generic.IEnumerable<string> values)
            {
                var items = values.ToList();
                var block = Marshal.AllocHGlobal(IntPtr.Size * (items.Count + 1));
                _blocks.Add(block);
                var array = (byte**)block;
                for (int i = 0; i < items.Count; i++)
                {
                    array[i] = Add(items[i]);
                }
                array[items.Count] = null;
                return array;
            }

            public void Dispose()
            {
                foreach (var block in _blocks)
                {
                    Marshal.FreeHGlobal(block);
                }
                _blocks.Clear();
            }
        }
    }
}
