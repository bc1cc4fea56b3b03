using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static RustLambda.Testing.Tests.TestSupport;

namespace RustLambda.Testing.Tests
{
    [TestClass]
    public class InvocationTests
    {
        private const int TestTimeout = 60_000;

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Invoke_returns_the_response_and_the_function_sees_Lambdas_headers_and_environment()
        {
            var log = new LockedStringWriter();
            var options = new RustLambdaFunctionOptions
            {
                FunctionName = "echo-fn",
                MemorySizeMb = 256,
                Region = "eu-west-1",
                Timeout = TimeSpan.FromSeconds(7),
                Log = log,
            };
            options.EnvironmentVariables["MY_VAR"] = "hello world";

            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, options, TestContext.Token());
            var before = DateTimeOffset.UtcNow;
            var result = await fn.InvokeAsync("{\"name\":\"x\",\"n\":[1,2]}", TestContext.Token());
            var after = DateTimeOffset.UtcNow;

            var payload = AssertSuccess(result);
            Assert.IsTrue(Guid.TryParse(result.RequestId, out _), result.RequestId);
            Assert.AreEqual(result.RequestId, payload.GetProperty("requestId").GetString());
            Assert.AreEqual("x", payload.GetProperty("echo").GetProperty("name").GetString());
            Assert.AreEqual(2, payload.GetProperty("echo").GetProperty("n").GetArrayLength());
            Assert.AreEqual(1, payload.GetProperty("invocation").GetInt32());
            Assert.IsTrue(result.IsColdStart, "the first invocation of an execution environment is its cold start, even though StartAsync ran the init");
            Assert.IsTrue(result.Duration > TimeSpan.Zero);

            var headers = payload.GetProperty("headers");
            long deadline = long.Parse(headers.GetProperty("deadlineMs").GetString()!);
            Assert.IsTrue(deadline >= (before + options.Timeout).ToUnixTimeMilliseconds() - 5, $"deadline {deadline}");
            Assert.IsTrue(deadline <= (after + options.Timeout).ToUnixTimeMilliseconds() + 5, $"deadline {deadline}");
            Assert.AreEqual("arn:aws:lambda:eu-west-1:123456789012:function:echo-fn", headers.GetProperty("functionArn").GetString());
            Assert.AreEqual(fn.FunctionArn, headers.GetProperty("functionArn").GetString());
            StringAssert.Matches(headers.GetProperty("traceId").GetString(), new Regex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$"));
            Assert.AreEqual("application/json", headers.GetProperty("contentType").GetString());

            Assert.AreEqual("echo-fn", Env(payload, "AWS_LAMBDA_FUNCTION_NAME"));
            Assert.AreEqual("hello world", Env(payload, "MY_VAR"));
            Assert.AreEqual("$LATEST", Env(payload, "AWS_LAMBDA_FUNCTION_VERSION"));
            Assert.AreEqual("256", Env(payload, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
            Assert.AreEqual("/aws/lambda/echo-fn", Env(payload, "AWS_LAMBDA_LOG_GROUP_NAME"));
            StringAssert.Matches(Env(payload, "AWS_LAMBDA_LOG_STREAM_NAME"), new Regex(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$"));
            Assert.AreEqual("on-demand", Env(payload, "AWS_LAMBDA_INITIALIZATION_TYPE"));
            Assert.AreEqual("eu-west-1", Env(payload, "AWS_REGION"));
            Assert.AreEqual("eu-west-1", Env(payload, "AWS_DEFAULT_REGION"));
            Assert.AreEqual("bootstrap", Env(payload, "_HANDLER"));
            Assert.AreEqual(fn.RuntimeApiAddress, Env(payload, "AWS_LAMBDA_RUNTIME_API"));
            StringAssert.StartsWith(fn.RuntimeApiAddress, "127.0.0.1:");
            Assert.AreEqual(fn.TaskRoot, Env(payload, "LAMBDA_TASK_ROOT"));
            Assert.IsNotNull(Env(payload, "LAMBDA_RUNTIME_DIR"));
            Assert.AreEqual(":UTC", Env(payload, "TZ"));
            Assert.AreEqual("en_US.UTF-8", Env(payload, "LANG"));
            Assert.AreEqual("/usr/local/bin:/usr/bin/:/bin:/opt/bin", Env(payload, "PATH"));
            StringAssert.Contains(Env(payload, "LD_LIBRARY_PATH"), fn.TaskRoot + "/lib");
            Assert.IsNull(Env(payload, "HOME"), "the host's environment is not inherited by default");

            Assert.AreEqual(fn.TaskRoot, payload.GetProperty("cwd").GetString());
            Assert.IsFalse(payload.GetProperty("stdinIsTerminal").GetBoolean());
            var files = payload.GetProperty("taskFiles").EnumerateArray().Select(f => f.GetString()).ToList();
            CollectionAssert.Contains(files, "bootstrap");
            CollectionAssert.Contains(files, "data");
            Assert.AreEqual("setting=1\n", File.ReadAllText(Path.Combine(fn.TaskRoot, "data", "config.txt")));
            Assert.AreEqual((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(fn.TaskRoot, "bootstrap")));

            StringAssert.Contains(result.Log, $"handling {result.RequestId} invocation=1 action=");
            Assert.IsFalse(result.Log.Contains("echo-runtime init"), "init output is not part of a warm invocation's log");
            string written = log.ToString();
            StringAssert.Contains(written, "echo-runtime init pid=");
            StringAssert.Contains(written, $"START RequestId: {result.RequestId} Version: $LATEST");
            StringAssert.Contains(written, $"END RequestId: {result.RequestId}");
            StringAssert.Contains(written, $"REPORT RequestId: {result.RequestId}\tDuration: ");
            Assert.IsTrue(written.IndexOf("START RequestId", StringComparison.Ordinal) < written.IndexOf($"handling {result.RequestId}", StringComparison.Ordinal));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Invocations_reuse_the_warm_process()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var first = await fn.InvokeAsync("{}", TestContext.Token());
            var second = await fn.InvokeAsync("{}", TestContext.Token());
            var third = await fn.InvokeAsync("{}", TestContext.Token());

            Assert.AreEqual(1, Counter(first));
            Assert.AreEqual(2, Counter(second));
            Assert.AreEqual(3, Counter(third));
            Assert.AreEqual(Pid(first), Pid(second));
            Assert.AreEqual(Pid(first), Pid(third));
            Assert.AreEqual(Pid(first), fn.ProcessId);
            Assert.IsTrue(first.IsColdStart);
            Assert.IsFalse(second.IsColdStart || third.IsColdStart);
            Assert.AreEqual(3, new[] { first.RequestId, second.RequestId, third.RequestId }.Distinct().Count());
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Concurrent_invocations_run_one_at_a_time()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fn.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":50}", TestContext.Token())));
            CollectionAssert.AreEquivalent(new[] { 1, 2, 3, 4 }, results.Select(Counter).ToArray());
            Assert.AreEqual(1, results.Select(Pid).Distinct().Count());
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Function_error_reports_its_type_and_message_and_the_process_stays_warm()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var failed = await fn.InvokeAsync("{\"action\":\"error\",\"message\":\"bad input: \\\"x\\\"\"}", TestContext.Token());

            Assert.IsFalse(failed.IsSuccess);
            Assert.AreEqual(InvocationFailureKind.FunctionError, failed.FailureKind);
            Assert.AreEqual("MyFunctionError", failed.ErrorType);
            Assert.AreEqual("bad input: \"x\"", failed.ErrorMessage);
            Assert.IsNull(failed.Payload);
            var body = Json(failed.ErrorBody);
            Assert.AreEqual("MyFunctionError", body.GetProperty("errorType").GetString());
            Assert.AreEqual(1, body.GetProperty("stackTrace").GetArrayLength());
            StringAssert.Contains(failed.Log, "error posted: 202");

            var next = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(2, Counter(next), "a function error does not restart the process");
            Assert.IsFalse(next.IsColdStart);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Function_error_without_a_JSON_body_takes_its_type_from_the_header()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var failed = await fn.InvokeAsync("{\"action\":\"error-header-only\"}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.FunctionError, failed.FailureKind);
            Assert.AreEqual("HeaderOnlyError", failed.ErrorType);
            Assert.AreEqual("this is not json", failed.ErrorMessage);
            Assert.AreEqual("this is not json", failed.ErrorBody);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Panic_is_reported_as_a_runtime_exit_and_the_next_invocation_starts_a_new_process()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            int firstPid = Pid(await fn.InvokeAsync("{}", TestContext.Token()));

            var crashed = await fn.InvokeAsync("{\"action\":\"panic\"}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.ProcessExited, crashed.FailureKind);
            Assert.AreEqual("Runtime.ExitError", crashed.ErrorType);
            Assert.AreEqual("Runtime exited with error: exit status 101", crashed.ErrorMessage);
            var body = Json(crashed.ErrorBody);
            Assert.AreEqual("Runtime.ExitError", body.GetProperty("errorType").GetString());
            Assert.AreEqual($"RequestId: {crashed.RequestId} Error: Runtime exited with error: exit status 101", body.GetProperty("errorMessage").GetString());
            StringAssert.Contains(crashed.Log, "panicked");
            StringAssert.Contains(crashed.Log, "boom: the handler panicked on purpose");
            Assert.IsNull(fn.ProcessId);
            Assert.IsTrue(await WaitUntilGoneAsync(firstPid, TimeSpan.FromSeconds(5)));

            var next = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(1, Counter(next), "a cold start: the counter starts again");
            Assert.IsTrue(next.IsColdStart);
            Assert.AreNotEqual(firstPid, Pid(next));
            StringAssert.Contains(next.Log, "echo-runtime init pid=", "a cold start's log holds the init output");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Exit_is_reported_with_its_status_and_the_next_invocation_works()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var exited = await fn.InvokeAsync("{\"action\":\"exit\"}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.ProcessExited, exited.FailureKind);
            Assert.AreEqual("Runtime.ExitError", exited.ErrorType);
            Assert.AreEqual("Runtime exited with error: exit status 3", exited.ErrorMessage);
            StringAssert.Contains(exited.Log, "exiting with 3");

            var next = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(1, Counter(next));
            Assert.IsTrue(next.IsColdStart);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Abort_is_reported_as_a_signal()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var aborted = await fn.InvokeAsync("{\"action\":\"abort\"}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.ProcessExited, aborted.FailureKind);
            Assert.AreEqual("Runtime exited with error: signal: aborted", aborted.ErrorMessage);
            Assert.AreEqual(1, Counter(await fn.InvokeAsync("{}", TestContext.Token())));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Timeout_stops_the_process_and_the_next_invocation_is_a_cold_start()
        {
            var options = new RustLambdaFunctionOptions { Timeout = TimeSpan.FromSeconds(1) };
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, options, TestContext.Token());
            Assert.AreEqual(1, Counter(await fn.InvokeAsync("{\"action\":\"sleep\",\"sleepMs\":200}", TestContext.Token())), "shorter than the timeout");
            int pid = fn.ProcessId!.Value;

            var stopwatch = Stopwatch.StartNew();
            var timedOut = await fn.InvokeAsync("{\"action\":\"sleep\"}", TestContext.Token());
            stopwatch.Stop();

            Assert.AreEqual(InvocationFailureKind.Timeout, timedOut.FailureKind);
            Assert.AreEqual("Sandbox.Timedout", timedOut.ErrorType);
            Assert.AreEqual("Task timed out after 1.00 seconds", timedOut.ErrorMessage);
            Assert.AreEqual($"RequestId: {timedOut.RequestId} Error: Task timed out after 1.00 seconds", Json(timedOut.ErrorBody).GetProperty("errorMessage").GetString());
            Assert.IsTrue(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.95), stopwatch.Elapsed.ToString());
            Assert.IsTrue(stopwatch.Elapsed < TimeSpan.FromSeconds(4), stopwatch.Elapsed.ToString());
            Assert.IsNull(fn.ProcessId);
            Assert.IsTrue(await WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5)), "the timed-out process is killed");

            var next = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(1, Counter(next));
            Assert.IsTrue(next.IsColdStart);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Cancelling_an_invocation_stops_the_process_and_throws()
        {
            var options = new RustLambdaFunctionOptions { Timeout = TimeSpan.FromSeconds(30) };
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, options, TestContext.Token());
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var stopwatch = Stopwatch.StartNew();
            await ThrowsAsync<OperationCanceledException>(() => fn.InvokeAsync("{\"action\":\"sleep\"}", cancel.Token));
            Assert.IsTrue(stopwatch.Elapsed < TimeSpan.FromSeconds(5), stopwatch.Elapsed.ToString());
            Assert.IsNull(fn.ProcessId);

            var next = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(1, Counter(next));
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Function_output_is_captured_per_invocation_in_order()
        {
            var log = new LockedStringWriter();
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, new RustLambdaFunctionOptions { Log = log }, TestContext.Token());
            var first = await fn.InvokeAsync("{\"action\":\"log\"}", TestContext.Token());
            var second = await fn.InvokeAsync("{}", TestContext.Token());

            AssertSuccess(first);
            var lines = first.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            CollectionAssert.AreEqual(
                new[] { $"handling {first.RequestId} invocation=1 action=log", "log line 1 to stdout", "log line 2 to stderr", "log line 3 to stdout" },
                lines);
            Assert.IsFalse(second.Log.Contains("log line"), second.Log);
            StringAssert.Contains(second.Log, $"handling {second.RequestId} invocation=2");
            string written = log.ToString();
            StringAssert.Contains(written, "log line 1 to stdout\nlog line 2 to stderr\nlog line 3 to stdout");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Large_and_chunked_responses_are_received_whole()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var chunked = await fn.InvokeAsync("{\"action\":\"chunked\",\"name\":\"chunks\"}", TestContext.Token());
            Assert.AreEqual("chunks", AssertSuccess(chunked).GetProperty("echo").GetProperty("name").GetString());

            int size = 5 * 1024 * 1024;
            var big = await fn.InvokeAsync($"{{\"action\":\"big\",\"bytes\":{size}}}", TestContext.Token());
            Assert.IsTrue(big.IsSuccess, big.ToString());
            Assert.AreEqual(size, big.Payload!.Length);
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Response_over_Lambdas_payload_limit_is_a_function_error()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var tooLarge = await fn.InvokeAsync("{\"action\":\"big\",\"bytes\":7000000}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.FunctionError, tooLarge.FailureKind);
            Assert.AreEqual("Function.ResponseSizeTooLarge", tooLarge.ErrorType);
            StringAssert.Contains(tooLarge.ErrorMessage, "6291556 bytes");

            var next = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(2, Counter(next), "the runtime got a 413 and carried on");
            StringAssert.Contains(tooLarge.Log + next.Log, "big response posted: 413");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Runtime_API_answers_wrong_calls_as_Lambda_does()
        {
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, ct: TestContext.Token());
            var result = await fn.InvokeAsync("{\"action\":\"probe\"}", TestContext.Token());
            var probes = AssertSuccess(result).GetProperty("probes");

            var wrongId = probes.GetProperty("wrongRequestId");
            Assert.AreEqual(400, wrongId.GetProperty("status").GetInt32());
            Assert.AreEqual("application/json", wrongId.GetProperty("contentType").GetString());
            Assert.AreEqual("InvalidRequestID", wrongId.GetProperty("body").GetProperty("errorType").GetString());
            Assert.AreEqual("Invalid request ID", wrongId.GetProperty("body").GetProperty("errorMessage").GetString());

            var unknown = probes.GetProperty("unknownPath");
            Assert.AreEqual(404, unknown.GetProperty("status").GetInt32());
            Assert.AreEqual(JsonValueKind.String, unknown.GetProperty("body").GetProperty("errorMessage").ValueKind);
            Assert.AreEqual("NotFound", unknown.GetProperty("body").GetProperty("errorType").GetString());

            var lateInit = probes.GetProperty("lateInitError");
            Assert.AreEqual(403, lateInit.GetProperty("status").GetInt32());
            Assert.AreEqual("InvalidStateTransition", lateInit.GetProperty("body").GetProperty("errorType").GetString());
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Init_error_is_reported_by_the_first_invocation_and_init_runs_again_on_the_next()
        {
            var options = new RustLambdaFunctionOptions();
            options.EnvironmentVariables["INIT_FAIL"] = "1";
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, options, TestContext.Token());

            var first = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.InitError, first.FailureKind);
            Assert.IsFalse(first.IsSuccess);
            Assert.AreEqual("Runtime.InitFailure", first.ErrorType);
            Assert.AreEqual("init failed on purpose", first.ErrorMessage);
            Assert.AreEqual("Runtime.InitFailure", Json(first.ErrorBody).GetProperty("errorType").GetString());
            Assert.IsTrue(first.IsColdStart);
            StringAssert.Contains(first.Log, "init failing on purpose");

            var second = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.InitError, second.FailureKind);
            Assert.AreNotEqual(first.RequestId, second.RequestId);
            StringAssert.Contains(second.Log, "init failing on purpose");
            StringAssert.Contains(second.Log, "init error posted: 202");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Exit_during_init_is_reported_as_a_runtime_exit()
        {
            var options = new RustLambdaFunctionOptions();
            options.EnvironmentVariables["INIT_EXIT"] = "2";
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, options, TestContext.Token());
            var result = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.ProcessExited, result.FailureKind);
            Assert.AreEqual("Runtime.ExitError", result.ErrorType);
            Assert.AreEqual("Runtime exited with error: exit status 2", result.ErrorMessage);
            StringAssert.Contains(result.Log, "init exiting with 2");
        }

        [TestMethod]
        [Timeout(TestTimeout)]
        public async Task Init_longer_than_the_init_timeout_is_a_timeout()
        {
            var options = new RustLambdaFunctionOptions { InitTimeout = TimeSpan.FromSeconds(1) };
            options.EnvironmentVariables["INIT_SLEEP_MS"] = "5000";
            var stopwatch = Stopwatch.StartNew();
            await using var fn = await RustLambdaFunction.StartAsync(Fixture.EchoZip, options, TestContext.Token());
            Assert.IsTrue(stopwatch.Elapsed < TimeSpan.FromSeconds(4), stopwatch.Elapsed.ToString());
            Assert.IsNull(fn.ProcessId);

            var result = await fn.InvokeAsync("{}", TestContext.Token());
            Assert.AreEqual(InvocationFailureKind.Timeout, result.FailureKind);
            Assert.AreEqual("Sandbox.Timedout", result.ErrorType);
            StringAssert.StartsWith(result.ErrorMessage, "Init timed out after 1.00 seconds");
            StringAssert.Contains(result.Log, "init sleeping 5000 ms");
        }
    }
}
