using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tasks
{
    /// <summary>
    /// How every task logs: a core <see cref="Diagnostic"/> becomes an MSBuild error or warning by its severity, with its
    /// code, file and position; an unexpected exception becomes one RL0099 (never MSB4018 with a stack trace). Used by
    /// <see cref="RustLambdaTask"/> and by RunRustLambdaCargo, which must derive from ToolTask instead.
    /// </summary>
    internal static class TaskDiagnostics
    {
        public static void Report(TaskLoggingHelper log, Diagnostic diagnostic)
        {
            switch (diagnostic.Severity)
            {
                case DiagnosticSeverity.Warning:
                    log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                    break;
                default:
                    log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
                    break;
            }
        }

        public static void Error(TaskLoggingHelper log, string code, string message, string? file = null, int line = 0, int column = 0) =>
            Report(log, new Diagnostic(DiagnosticSeverity.Error, code, message, file, line, column));

        /// <summary>Runs <paramref name="body"/>; an exception it did not expect is logged as RL0099, its stack trace at low importance.</summary>
        /// <returns>False when it threw.</returns>
        public static bool RunGuarded(TaskLoggingHelper log, string activity, Action body)
        {
            try
            {
                body();
                return true;
            }
            catch (Exception exception) when (!UnexpectedFailure.IsFatal(exception))
            {
                Report(log, UnexpectedFailure.Diagnostic(activity, exception));
                log.LogMessage(MessageImportance.Low, exception.ToString());
                return false;
            }
        }
    }
}
