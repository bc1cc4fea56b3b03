using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// The base of the SDK's tasks, after dotnet/sdk's TaskBase: <see cref="Execute"/> is sealed and only runs
    /// <see cref="ExecuteCore"/> under the one RL0099 guard, and success means "no error was logged". A task is its
    /// parameters plus a call into the MSBuild-free core; it reports the core's diagnostics with <see cref="Report(Diagnostic)"/>.
    /// </summary>
    public abstract class RustLambdaTask : Task
    {
        public sealed override bool Execute()
        {
            TaskDiagnostics.RunGuarded(Log, Activity, ExecuteCore);
            return !Log.HasLoggedErrors;
        }

        /// <summary>The task's work. Problems are reported, not thrown; what it throws is a defect (RL0099).</summary>
        protected abstract void ExecuteCore();

        /// <summary>What the task does, as RL0099 names it: "while {Activity}".</summary>
        protected abstract string Activity { get; }

        /// <summary>Logs a diagnostic as an error or a warning, as its severity says.</summary>
        protected void Report(Diagnostic diagnostic) => TaskDiagnostics.Report(Log, diagnostic);

        protected void Report(DiagnosticBag diagnostics)
        {
            foreach (var diagnostic in diagnostics.Items)
            {
                Report(diagnostic);
            }
        }

        protected void Error(string code, string message, string? file = null, int line = 0, int column = 0) =>
            TaskDiagnostics.Error(Log, code, message, file, line, column);
    }
}
