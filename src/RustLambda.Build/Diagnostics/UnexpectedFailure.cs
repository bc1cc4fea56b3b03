using System;
using System.Linq;

namespace RustLambda.Build.Diagnostics
{
    /// <summary>
    /// The one wording of RL0099, for an exception the SDK did not expect: what it was doing, the exception (the inner
    /// ones of an AggregateException, which Parallel.For and Task wrap around the real cause), and what to do about it.
    /// </summary>
    public static class UnexpectedFailure
    {
        /// <param name="activity">What the SDK was doing, e.g. "reading the template and manifests".</param>
        public static string Message(string activity, Exception exception) =>
            $"RustLambda.Sdk failed unexpectedly while {activity} ({Describe(exception)}). This is a defect in the SDK: please report it with the build log (dotnet build -v:diag shows the stack trace).";

        public static Diagnostic Diagnostic(string activity, Exception exception, string? file = null, int line = 0) =>
            new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InternalError, Message(activity, exception), file, line);

        /// <summary>The exceptions that must not be turned into a diagnostic: the process cannot go on after them.</summary>
        public static bool IsFatal(Exception exception) =>
            exception is OutOfMemoryException || exception is StackOverflowException || exception is AccessViolationException;

        private static string Describe(Exception exception)
        {
            if (exception is AggregateException aggregate)
            {
                var inner = aggregate.Flatten().InnerExceptions;
                if (inner.Count > 0)
                {
                    string first = Describe(inner[0]);
                    return inner.Count == 1 ? first : $"{first}, and {inner.Count - 1} more";
                }
            }
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }
}
