using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Hosting.Tests
{
    internal static class PoolSupport
    {
        public static LambdaFunctionDefinition Echo(string? path = null) => new LambdaFunctionDefinition
        {
            LogicalId = "Echo",
            FunctionName = "echo",
            BootstrapPath = path ?? RustLambda.Testing.Tests.Fixture.EchoZip,
        };

        public static JsonElement AssertSuccess(InvocationResult result)
        {
            Assert.IsTrue(result.IsSuccess, $"expected success, got {result}\nlog:\n{result.Log}");
            using var document = JsonDocument.Parse(result.Payload!);
            return document.RootElement.Clone();
        }

        public static int Pid(InvocationResult result) => AssertSuccess(result).GetProperty("pid").GetInt32();

        public static int Counter(InvocationResult result) => AssertSuccess(result).GetProperty("invocation").GetInt32();

        public static string[] TempFolders() => Directory.GetDirectories(Path.GetTempPath(), RustLambda.Hosting.Artifacts.FunctionArtifact.TempFolderPrefix + "*")
            .OrderBy(d => d, StringComparer.Ordinal).ToArray();

        /// <summary>True when no process has <paramref name="pid"/> any more (or only a zombie).</summary>
        public static bool IsGone(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                string afterName = stat.Substring(stat.LastIndexOf(')') + 1).Trim();
                return afterName.StartsWith("Z", StringComparison.Ordinal) || afterName.StartsWith("X", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return true;
            }
        }

        public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!IsGone(pid))
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }
                await Task.Delay(25).ConfigureAwait(false);
            }
            return true;
        }
    }

    /// <summary>Collects what a pool's sink receives, for tests that read it while the function runs.</summary>
    internal sealed class RecordingSink : IFunctionLogSink
    {
        private readonly List<FunctionLogEntry> _entries = new List<FunctionLogEntry>();

        public void Write(FunctionLogEntry entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }

        public List<FunctionLogEntry> Snapshot()
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }
}
