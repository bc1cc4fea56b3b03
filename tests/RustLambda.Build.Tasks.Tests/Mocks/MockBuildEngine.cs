using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace RustLambda.Build.Tests.Mocks
{
    /// <summary>A build engine that records what a task logs, so a task runs in a unit test without MSBuild.</summary>
    public sealed class MockBuildEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new List<BuildErrorEventArgs>();
        public List<BuildWarningEventArgs> Warnings { get; } = new List<BuildWarningEventArgs>();
        public List<BuildMessageEventArgs> Messages { get; } = new List<BuildMessageEventArgs>();

        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test.proj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
            throw new NotSupportedException("The SDK's tasks build no other project.");

        public void LogCustomEvent(CustomBuildEventArgs e) => Messages.Add(new BuildMessageEventArgs(e.Message, null, e.SenderName, MessageImportance.Low));

        public void LogErrorEvent(BuildErrorEventArgs e)
        {
            lock (Errors)
            {
                Errors.Add(e);
            }
        }

        public void LogWarningEvent(BuildWarningEventArgs e)
        {
            lock (Warnings)
            {
                Warnings.Add(e);
            }
        }

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
            lock (Messages)
            {
                Messages.Add(e);
            }
        }

        public IEnumerable<string> ErrorCodes => Errors.Select(e => e.Code);
        public IEnumerable<string> WarningCodes => Warnings.Select(e => e.Code);

        /// <summary>Everything logged, for assertion messages.</summary>
        public string Log => string.Join("\n", Errors.Select(e => $"error {e.Code}: {e.Message}")
            .Concat(Warnings.Select(w => $"warning {w.Code}: {w.Message}"))
            .Concat(Messages.Select(m => m.Message)));
    }
}
