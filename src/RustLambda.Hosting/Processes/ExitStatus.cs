using System.Globalization;

namespace RustLambda.Hosting.Processes
{
    /// <summary>Describes how a process ended in the words Lambda uses (it prints Go's <c>os.ProcessState</c>).</summary>
    internal static class ExitStatus
    {
        /// <summary>
        /// The exit code of a <c>waitpid</c> status, with .NET's convention for a process killed by signal N: 128 + N.
        /// </summary>
        public static int FromWaitStatus(int status)
        {
            int signal = status & 0x7F;
            return signal == 0 ? (status >> 8) & 0xFF : 128 + signal;
        }

        /// <summary>
        /// <c>exit status 3</c>, or <c>signal: aborted</c> for a process killed by a signal. .NET reports a process killed
        /// by signal N as exit code 128 + N, so codes 129–159 are read as signals (a process that itself calls
        /// <c>exit(134)</c> is reported as <c>signal: aborted</c> too).
        /// </summary>
        public static string Describe(int exitCode)
        {
            if (exitCode > 128 && exitCode < 128 + 32)
            {
                return "signal: " + SignalName(exitCode - 128);
            }
            return "exit status " + exitCode.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Linux signal descriptions as Go prints them.</summary>
        public static string SignalName(int signal) => signal switch
        {
            1 => "hangup",
            2 => "interrupt",
            3 => "quit",
            4 => "illegal instruction",
            5 => "trace/breakpoint trap",
            6 => "aborted",
            7 => "bus error",
            8 => "floating point exception",
            9 => "killed",
            10 => "user defined signal 1",
            11 => "segmentation fault",
            12 => "user defined signal 2",
            13 => "broken pipe",
            14 => "alarm clock",
            15 => "terminated",
            16 => "stack fault",
            17 => "child exited",
            18 => "continued",
            19 => "stopped (signal)",
            20 => "stopped",
            21 => "stopped (tty input)",
            22 => "stopped (tty output)",
            23 => "urgent I/O condition",
            24 => "CPU time limit exceeded",
            25 => "file size limit exceeded",
            26 => "virtual timer expired",
            27 => "profiling timer expired",
            28 => "window changed",
            29 => "I/O possible",
            30 => "power failure",
            31 => "bad system call",
            _ => "signal " + signal.ToString(CultureInfo.InvariantCulture),
        };
    }
}
