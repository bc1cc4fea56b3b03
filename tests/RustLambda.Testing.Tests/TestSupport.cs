using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Testing.Tests
{
    internal static class TestSupport
    {
        public static JsonElement Json(string? text)
        {
            Assert.IsNotNull(text, "expected a JSON payload");
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }

        public static JsonElement AssertSuccess(InvocationResult result)
        {
            Assert.IsTrue(result.IsSuccess, $"expected success, got {result}\nlog:\n{result.Log}");
            Assert.AreEqual(InvocationFailureKind.None, result.FailureKind);
            Assert.IsNull(result.ErrorType);
            Assert.IsNull(result.ErrorMessage);
            Assert.IsNull(result.ErrorBody);
            return Json(result.Payload);
        }

        public static int Counter(InvocationResult result) => AssertSuccess(result).GetProperty("invocation").GetInt32();

        public static int Pid(InvocationResult result) => AssertSuccess(result).GetProperty("pid").GetInt32();

        public static string? Env(JsonElement payload, string name)
        {
            var value = payload.GetProperty("env").GetProperty(name);
            return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
        }

        /// <summary>The rustlambda-testing-* folders in the temp folder now.</summary>
        public static string[] TempFolders() => Directory.Exists(Path.GetTempPath())
            ? Directory.GetDirectories(Path.GetTempPath(), RustLambda.Hosting.Artifacts.FunctionArtifact.TempFolderPrefix + "*").OrderBy(d => d, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

        /// <summary>True when no process has <paramref name="pid"/> any more (or only a zombie waiting to be reaped).</summary>
        public static bool IsGone(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                // pid (comm) state ...: the state is the first field after the last ')'.
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

        public static async Task<T> ThrowsAsync<T>(Func<Task> action)
            where T : Exception
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (T e)
            {
                return e;
            }
            catch (Exception e)
            {
                Assert.Fail($"expected {typeof(T).Name}, got {e.GetType().Name}: {e}");
            }
            Assert.Fail($"expected {typeof(T).Name}, nothing was thrown");
            return null!;
        }

        public static CancellationToken Token(this TestContext context) => context.CancellationTokenSource.Token;
    }

    /// <summary>A StringWriter that can be written by the function's log pump and read by the test at the same time.</summary>
    internal sealed class LockedStringWriter : StringWriter
    {
        private readonly object _lock = new object();

        public override void Write(char value)
        {
            lock (_lock)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_lock)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_lock)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return base.ToString();
            }
        }
    }
}
