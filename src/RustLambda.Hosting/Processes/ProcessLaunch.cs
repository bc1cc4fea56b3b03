using System.Collections.Generic;

namespace RustLambda.Hosting.Processes
{
    /// <summary>What to start: an executable by full path, its arguments, its working directory and its whole environment.</summary>
    internal sealed class ProcessLaunch
    {
        public ProcessLaunch(string executable, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
        {
            Executable = executable;
            Arguments = arguments;
            WorkingDirectory = workingDirectory;
            Environment = environment;
        }

        /// <summary>An absolute path; nothing is looked up on PATH and no shell is involved.</summary>
        public string Executable { get; }

        /// <summary>argv[1..]; argv[0] is <see cref="Executable"/>.</summary>
        public IReadOnlyList<string> Arguments { get; }

        public string WorkingDirectory { get; }

        /// <summary>The child's complete environment (nothing else is inherited).</summary>
        public IReadOnlyDictionary<string, string> Environment { get; }
    }
}
