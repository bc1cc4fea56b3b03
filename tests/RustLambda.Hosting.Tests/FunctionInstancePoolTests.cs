using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static RustLambda.Hosting.Tests.PoolSupport;

namespace RustLambda.Hosting.Tests
{
    [TestClass]
    public class FunctionInstancePoolTests
    {
        private const int TestTimeout = 120_000;

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Concurrent_invocations_start_instances_up_to_the_limit_and_the_rest_wait()
        {
            await using var pool = FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { MaxInstances = 3 });
            var invocations = Enumerable.Range(0, 8)
                .Select(_ => pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":300}", null, TestContext.CancellationTokenSource.Token))
                .ToArray();
            var results = await Task.WhenAll(invocations);

            // Every invocation is answered, exactly once, by the runtime that got its event.
            Assert.AreEqual(8, results.Select(r => r.RequestId).Distinct().Count());
            foreach (var result in results)
            {
                Assert.AreEqual(result.RequestId, AssertSuccess(result).GetProperty("requestId").GetString());
            }

            // Three processes, no more; each served its invocations one after the other (its counter has no gaps or repeats).
            var byProcess = results.GroupBy(Pid).ToList();
            Assert.AreEqual(3, byProcess.Count, "8 concurrent invocations with MaxInstances = 3 start exactly 3 instances");
            foreach (var group in byProcess)
            {
                CollectionAssert.AreEqual(Enumerable.Range(1, group.Count()).ToArray(), group.Select(Counter).OrderBy(c => c).ToArray());
            }
            Assert.AreEqual(3, results.Count(r => r.IsColdStart));
            Assert.AreEqual(3, results.Select(r => r.InstanceId).Distinct().Count());
            Assert.AreEqual(3, pool.ProcessIds.Count, "the instances stay warm");

            // Fewer concurrent invocations than the limit reuse warm instances rather than start more.
            var again = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => pool.InvokeAsync("{}", null, TestContext.CancellationTokenSource.Token)));
            Assert.IsTrue(again.All(r => !r.IsColdStart && pool.ProcessIds.Contains(Pid(r))));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task A_waiting_invocation_can_be_cancelled_without_disturbing_the_others()
        {
            await using var pool = FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { MaxInstances = 1 });
            var running = pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":1000}");
            await Task.Delay(200);
            using var cancel = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var cancelled = pool.InvokeAsync("{}", null, cancel.Token);
            var queued = pool.InvokeAsync("{}");

            await Assert.ThrowsAsync<OperationCanceledException>(() => cancelled);
            Assert.IsFalse(running.IsCompleted, "cancelling a waiting call leaves the running one alone");
            int pid = Pid(await running);
            var next = await queued;
            Assert.AreEqual(pid, Pid(next), "the queued call is served by the same warm process");
            Assert.AreEqual(2, Counter(next), "the cancelled call never reached the function");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task ReplaceAsync_sends_new_invocations_to_new_processes_and_lets_in_flight_ones_finish()
        {
            var first = Echo();
            first.Environment["MY_VAR"] = "v1";
            await using var pool = FunctionInstancePool.Create(first, new FunctionPoolOptions { MaxInstances = 2 });
            int idlePid = Pid(await pool.InvokeAsync("{}"));

            var inFlight = pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":1500}");
            await Task.Delay(300);
            var second = Echo();
            second.Environment["MY_VAR"] = "v2";
            await pool.ReplaceAsync(second);

            var afterReplace = AssertSuccess(await pool.InvokeAsync("{}"));
            Assert.AreEqual("v2", afterReplace.GetProperty("env").GetProperty("MY_VAR").GetString(), "new invocations run the new definition");
            int newPid = afterReplace.GetProperty("pid").GetInt32();

            var finished = await inFlight;
            Assert.AreEqual("v1", AssertSuccess(finished).GetProperty("env").GetProperty("MY_VAR").GetString(), "the in-flight invocation finished on its old process");
            int oldBusyPid = Pid(finished);
            Assert.AreNotEqual(oldBusyPid, newPid);
            Assert.IsTrue(await WaitUntilGoneAsync(oldBusyPid, TimeSpan.FromSeconds(5)), "the old process is stopped once its invocation is over");
            Assert.IsTrue(await WaitUntilGoneAsync(idlePid, TimeSpan.FromSeconds(5)), "an idle old process is stopped at once");
            CollectionAssert.AreEqual(new[] { newPid }, pool.ProcessIds.ToArray());
            Assert.AreEqual("v2", pool.Definition.Environment["MY_VAR"]);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task ReplaceAsync_with_an_invalid_definition_changes_nothing()
        {
            await using var pool = FunctionInstancePool.Create(Echo());
            int pid = Pid(await pool.InvokeAsync("{}"));
            await Assert.ThrowsExactlyAsync<FileNotFoundException>(() => pool.ReplaceAsync(Echo(Path.Combine(RustLambda.Testing.Tests.Fixture.WorkDirectory, "missing.zip"))));
            Assert.AreEqual(pid, Pid(await pool.InvokeAsync("{}")), "the old process still serves");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task A_timed_out_instance_is_killed_and_replaced_by_a_cold_start()
        {
            var definition = Echo();
            definition.Timeout = TimeSpan.FromSeconds(1);
            await using var pool = FunctionInstancePool.Create(definition);
            int pid = Pid(await pool.InvokeAsync("{}"));

            var timedOut = await pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":10000}");
            Assert.AreEqual(InvocationFailureKind.Timeout, timedOut.FailureKind);
            Assert.AreEqual("Task timed out after 1.00 seconds", timedOut.ErrorMessage);
            Assert.IsTrue(await WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5)));
            Assert.AreEqual(0, pool.ProcessIds.Count);

            var next = await pool.InvokeAsync("{}");
            Assert.IsTrue(next.IsColdStart);
            Assert.AreNotEqual(pid, Pid(next));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task A_function_flooding_stdout_stalls_nothing_and_its_log_is_complete()
        {
            var sink = new RecordingSink();
            await using var pool = FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { MaxInstances = 2, LogSink = sink });
            const int lines = 100_000; // about 10 MB, far more than a pipe holds
            var flood = pool.InvokeAsync($"{{\"action\":\"flood\",\"lines\":{lines},\"width\":100}}");

            // Meanwhile another instance answers: nothing in the host waits for the flooding one.
            var other = await pool.InvokeAsync("{}");
            AssertSuccess(other);

            var result = await flood;
            AssertSuccess(result);
            var floodLines = result.Log.Split('\n').Where(l => l.StartsWith("flood line", StringComparison.Ordinal)).ToList();
            Assert.AreEqual(lines, floodLines.Count, "every line is in the invocation's log");
            StringAssert.StartsWith(floodLines[lines - 1], $"flood line {lines - 1,10} ");
            Assert.AreEqual(lines, sink.Snapshot().Count(e => e.Source == FunctionLogSource.Function && e.RequestId == result.RequestId && e.Text.StartsWith("flood line", StringComparison.Ordinal)));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Payloads_over_six_megabytes_are_refused_both_ways()
        {
            await using var pool = FunctionInstancePool.Create(Echo());
            var tooLarge = await pool.InvokeAsync(new byte[FunctionInstancePool.MaxRequestPayloadBytes + 1]);
            Assert.AreEqual(InvocationFailureKind.RequestTooLarge, tooLarge.FailureKind);
            Assert.AreEqual("RequestEntityTooLargeException", tooLarge.ErrorType);
            StringAssert.Contains(tooLarge.ErrorMessage, "6291456 bytes");
            Assert.AreEqual(0, pool.ProcessIds.Count, "nothing was started for it");

            // At the limit the request is accepted; the echo of it is over the response limit.
            var atLimit = new StringBuilder(FunctionInstancePool.MaxRequestPayloadBytes).Append('"').Append('x', FunctionInstancePool.MaxRequestPayloadBytes - 2).Append('"').ToString();
            var echoed = await pool.InvokeAsync(atLimit);
            Assert.AreEqual(InvocationFailureKind.FunctionError, echoed.FailureKind, echoed.ToString());
            Assert.AreEqual("Function.ResponseSizeTooLarge", echoed.ErrorType);
            Assert.IsTrue(pool.ProcessIds.Count == 1, "a response-size error keeps the instance warm");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task The_sink_gets_lines_as_they_are_written_between_START_and_END_and_REPORT()
        {
            var sink = new RecordingSink();
            await using var pool = FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { LogSink = sink });
            var running = pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":1500}");

            // The runtime prints "handling <id>" before it sleeps: the sink has it while the invocation still runs.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!sink.Snapshot().Any(e => e.Text.StartsWith("handling ", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.IsFalse(running.IsCompleted, "the line arrived while the function was still running");
            var result = await running;
            AssertSuccess(result);
            await pool.InvokeAsync("{}");

            var entries = sink.Snapshot().Where(e => e.RequestId == result.RequestId).ToList();
            Assert.IsTrue(entries.All(e => e.FunctionName == "Echo" && e.InstanceId == result.InstanceId));
            var texts = entries.Select(e => e.Text).ToList();
            // The init output of the cold start it caused comes first (as Lambda logs init before START).
            int start = texts.IndexOf($"START RequestId: {result.RequestId} Version: $LATEST");
            Assert.IsTrue(start > 0, string.Join("\n", texts));
            Assert.IsTrue(entries.Take(start).All(e => e.Source == FunctionLogSource.Function));
            StringAssert.StartsWith(texts[0], "echo-runtime init pid=");
            Assert.AreEqual(FunctionLogSource.Platform, entries[start].Source);
            Assert.AreEqual($"handling {result.RequestId} invocation=1 action=sleep", texts[start + 1]);
            Assert.AreEqual(FunctionLogSource.Function, entries[start + 1].Source);
            Assert.AreEqual($"END RequestId: {result.RequestId}", texts[texts.Count - 2]);
            string report = texts[texts.Count - 1];
            StringAssert.StartsWith(report, $"REPORT RequestId: {result.RequestId}\tDuration: ");
            StringAssert.Contains(report, "\tBilled Duration: ");
            StringAssert.Contains(report, "\tMemory Size: 128 MB\tMax Memory Used: ");
            StringAssert.Contains(report, "\tInit Duration: ", "a cold start reports its init");
            Assert.IsFalse(sink.Snapshot().Last().Text.Contains("Init Duration"), "a warm start does not");
            Assert.IsFalse(result.Log.Contains("START") || result.Log.Contains("REPORT"), "the invocation's log holds the function's lines only");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Dispose_leaves_no_process_and_no_folder_behind()
        {
            var before = TempFolders();
            var pool = FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { MaxInstances = 3 });
            var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => pool.InvokeAsync("{\"action\":\"spawn\"}")));
            var sleeping = pool.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":20000}");
            var pids = results.Select(Pid).Concat(results.Select(r => AssertSuccess(r).GetProperty("childPid").GetInt32())).ToList();
            Assert.IsTrue(pids.All(p => !IsGone(p)));

            await pool.DisposeAsync();

            await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => sleeping);
            foreach (int pid in pids)
            {
                Assert.IsTrue(await WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5)), $"process {pid} is gone");
            }
            CollectionAssert.AreEquivalent(before, TempFolders());
            await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => pool.InvokeAsync("{}"));
            await pool.DisposeAsync();
        }

        [TestMethod]
        public void Options_are_validated()
        {
            Assert.ThrowsExactly<ArgumentException>(() => FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { MaxInstances = 0 }));
            Assert.ThrowsExactly<ArgumentException>(() => FunctionInstancePool.Create(Echo(), new FunctionPoolOptions { EmulationTimeoutFactor = 0.5 }));
            var definition = Echo();
            definition.Architecture = " ARM64 ";
            var copy = definition.Clone();
            copy.Validate();
            Assert.AreEqual("arm64", copy.Architecture);
            Assert.AreEqual(" ARM64 ", definition.Architecture, "a copy is validated; the caller's object is left alone");
        }
    }
}
