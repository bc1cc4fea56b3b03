using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RustLambda.Testing.Internal;

namespace RustLambda.Testing
{
    /// <summary>
    /// A Rust Lambda function running locally, without Docker: an emulator of the
    /// <see href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Lambda Runtime API</see> on 127.0.0.1 and
    /// the function's <c>bootstrap</c> process talking to it, with the environment Lambda gives a
    /// <c>provided.al2023</c> function.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Invocations run one at a time and reuse the process (a warm start), as Lambda does. A crash, a timeout or an init
    /// error stops the process; the next invocation starts a new one (a cold start).
    /// </para>
    /// <para>Runs on Linux only (x86_64 or arm64, as <see cref="RustLambdaFunctionOptions.Architecture"/> says), as Lambda does.</para>
    /// <example>
    /// <code>
    /// await using var fn = await RustLambdaFunction.StartAsync("target/lambda/hello/bootstrap.zip");
    /// var r = await fn.InvokeAsync("{\"name\":\"x\"}");
    /// Assert.IsTrue(r.IsSuccess, r.ToString());
    /// </code>
    /// </example>
    /// </remarks>
    public sealed class RustLambdaFunction : IAsyncDisposable
    {
        private const string ApiPrefix = "/2018-06-01/runtime/";
        private const string AccountId = "123456789012";

        private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

        // How long to wait, after an answer, for the runtime to ask for its next event (so its last output is captured).
        private static readonly TimeSpan PostAnswerWait = TimeSpan.FromSeconds(2);

        // When the process exits, answers it sent just before may still be on their way through the server.
        private static readonly TimeSpan ExitGrace = TimeSpan.FromMilliseconds(200);

        private static readonly HashSet<string> ReservedVariables = new HashSet<string>(StringComparer.Ordinal)
        {
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
        };

        private static readonly Regex FunctionNamePattern = new Regex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

        private readonly RustLambdaFunctionOptions _options;
        private readonly FunctionArtifact _artifact;
        private readonly string _functionArn;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly CancellationTokenSource _disposing = new CancellationTokenSource();
        private readonly object _stateLock = new object();
        private readonly FunctionLog _log;
        private RuntimeApiServer? _server;
        private RuntimeInstance? _instance;
        private Invocation? _current;
        private FailedInit? _pendingInitFailure;
        private int _instanceCount;
        private bool _disposed;
        private int _disposeStarted;

        private RustLambdaFunction(RustLambdaFunctionOptions options, FunctionArtifact artifact)
        {
            _options = options;
            _artifact = artifact;
            _functionArn = $"arn:aws:lambda:{options.Region}:{AccountId}:function:{options.FunctionName}";
            _log = new FunctionLog(artifact.LogPath, options.Log);
        }

        /// <summary><c>127.0.0.1:port</c>: where the Runtime API listens, as given to the function in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
        public string RuntimeApiAddress => _server?.HostAndPort ?? string.Empty;

        /// <summary>The function's <c>LAMBDA_TASK_ROOT</c> and working directory: the folder the zip was extracted to (or the bootstrap's folder).</summary>
        public string TaskRoot => _artifact.TaskRoot;

        /// <summary>The invoked function's ARN, as sent in <c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
        public string FunctionArn => _functionArn;

        /// <summary>The id of the running bootstrap process, or <see langword="null"/> when none runs (after a crash, a timeout or disposal).</summary>
        public int? ProcessId
        {
            get
            {
                lock (_stateLock)
                {
                    var instance = _instance;
                    return instance != null && !instance.HasExited && !instance.IsStopping ? instance.ProcessId : (int?)null;
                }
            }
        }

        /// <summary>
        /// Prepares the function and starts it: extracts <paramref name="artifactZipOrBootstrapPath"/> (a
        /// <c>bootstrap.zip</c>) into a new temporary folder, or takes a <c>bootstrap</c> executable (or a folder holding
        /// one) as it is; starts the Runtime API on 127.0.0.1 and a free port; starts the bootstrap process and waits,
        /// at most <see cref="RustLambdaFunctionOptions.InitTimeout"/>, for it to ask for its first event.
        /// </summary>
        /// <remarks>
        /// A failed init (an init error, an exit, an init timeout) does not throw: as in Lambda, the first
        /// <see cref="InvokeAsync"/> reports it.
        /// </remarks>
        /// <param name="artifactZipOrBootstrapPath">The function's <c>bootstrap.zip</c>, its <c>bootstrap</c> executable, or a folder holding <c>bootstrap</c>.</param>
        /// <param name="options">The function's settings; defaults as Lambda's.</param>
        /// <param name="ct">Cancels the start; what was started is stopped and removed.</param>
        /// <exception cref="NotSupportedException">This host cannot run the function: it is not Linux, or not of the function's architecture.</exception>
        /// <exception cref="ArgumentException">An option is invalid, or an environment variable is one Lambda reserves.</exception>
        /// <exception cref="FileNotFoundException">The artifact does not exist.</exception>
        /// <exception cref="InvalidDataException">The zip has no <c>bootstrap</c> at its root, or is not a valid Lambda package.</exception>
        /// <exception cref="InvalidOperationException">The bootstrap is built for another architecture or OS, or is not executable.</exception>
        public static async Task<RustLambdaFunction> StartAsync(string artifactZipOrBootstrapPath, RustLambdaFunctionOptions? options = null, CancellationToken ct = default)
        {
            if (artifactZipOrBootstrapPath == null)
            {
                throw new ArgumentNullException(nameof(artifactZipOrBootstrapPath));
            }
            if (string.IsNullOrWhiteSpace(artifactZipOrBootstrapPath))
            {
                throw new ArgumentException("The path of the function's bootstrap.zip or bootstrap is empty.", nameof(artifactZipOrBootstrapPath));
            }
            var snapshot = (options ?? new RustLambdaFunctionOptions()).Snapshot();
            Validate(snapshot);

            // Before anything is created or started.
            FunctionArtifact.EnsureHostCanRun(snapshot.Architecture);
            ct.ThrowIfCancellationRequested();

            var artifact = FunctionArtifact.Prepare(artifactZipOrBootstrapPath, snapshot.Architecture);
            RustLambdaFunction function;
            try
            {
                function = new RustLambdaFunction(snapshot, artifact);
            }
            catch
            {
                FunctionArtifact.TryDeleteDirectory(artifact.TempRoot);
                throw;
            }

            try
            {
                function._server = RuntimeApiServer.Start(function.HandleRequestAsync);
                function._log.BeginCapture();
                var instance = function.StartInstance();
                FailedInit? failure;
                try
                {
                    failure = await function.WaitForInitAsync(instance, ct).ConfigureAwait(false);
                }
                catch
                {
                    function._log.EndCapture(includePartialLine: true);
                    throw;
                }
                if (failure != null)
                {
                    await function.StopInstanceAsync(instance, ExitGrace).ConfigureAwait(false);
                    failure.Log = function._log.EndCapture(includePartialLine: true);
                    function._pendingInitFailure = failure;
                }
                else
                {
                    function._log.EndCapture(includePartialLine: false);
                }
                return function;
            }
            catch
            {
                await function.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Invokes the function with <paramref name="eventJson"/> and waits for its answer, as a synchronous
        /// (<c>RequestResponse</c>) Lambda invoke does. Invocations run one at a time; concurrent calls wait their turn.
        /// </summary>
        /// <remarks>
        /// Starts the process first when none runs (a cold start; its init is bounded by
        /// <see cref="RustLambdaFunctionOptions.InitTimeout"/>). The invocation itself is bounded by
        /// <see cref="RustLambdaFunctionOptions.Timeout"/>. Cancelling <paramref name="ct"/> while the function runs stops
        /// its process (its state is unknown) and throws <see cref="OperationCanceledException"/>.
        /// </remarks>
        /// <param name="eventJson">The event, sent as the body of the runtime's <c>GET /invocation/next</c>.</param>
        /// <param name="ct">Cancels the wait.</param>
        /// <returns>The response, or the failure as Lambda reports it; failures of the function do not throw.</returns>
        /// <exception cref="ObjectDisposedException">The function was disposed.</exception>
        public async Task<InvocationResult> InvokeAsync(string eventJson, CancellationToken ct = default)
        {
            if (eventJson == null)
            {
                throw new ArgumentNullException(nameof(eventJson));
            }
            ThrowIfDisposed();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
            try
            {
                await _gate.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw Disposed();
            }
            try
            {
                ThrowIfDisposed();
                return await InvokeCoreAsync(eventJson, ct, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && _disposing.IsCancellationRequested)
            {
                throw Disposed();
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>
        /// Stops the function: kills the bootstrap process and its children, stops the Runtime API, and deletes the
        /// temporary folder. Safe to call more than once and after failures; bounded in time. A running
        /// <see cref="InvokeAsync"/> ends with <see cref="ObjectDisposedException"/>.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
            {
                return;
            }
            RuntimeInstance? instance;
            lock (_stateLock)
            {
                _disposed = true;
                instance = _instance;
            }
            _disposing.Cancel();
            if (instance != null)
            {
                await StopInstanceAsync(instance).ConfigureAwait(false);
            }

            // A running invocation notices the cancellation and the process's end, and gives the gate back.
            bool gotGate = await _gate.WaitAsync(KillTimeout).ConfigureAwait(false);
            lock (_stateLock)
            {
                instance = _instance;
            }
            if (instance != null)
            {
                await StopInstanceAsync(instance).ConfigureAwait(false);
            }

            if (_server != null)
            {
                await _server.DisposeAsync().ConfigureAwait(false);
            }
            _log.Dispose();
            FunctionArtifact.TryDeleteDirectory(_artifact.TempRoot);
            if (gotGate)
            {
                _gate.Release();
            }
        }

        private async Task<InvocationResult> InvokeCoreAsync(string eventJson, CancellationToken callerToken, CancellationToken token)
        {
            string requestId = Guid.NewGuid().ToString("D");
            var pending = Interlocked.Exchange(ref _pendingInitFailure, null);
            if (pending != null)
            {
                // The init StartAsync ran failed: Lambda reports that on the first invocation.
                var initResult = pending.ToResult(requestId);
                initResult.Log = pending.Log;
                return initResult;
            }

            _log.BeginCapture();
            RuntimeInstance? instance = null;
            InvocationResult? result = null;
            bool includePartialLine = false;
            try
            {
                lock (_stateLock)
                {
                    instance = _instance;
                }
                if (instance == null || instance.IsStopping || instance.HasExited || !instance.Ready.Task.IsCompleted)
                {
                    if (instance != null)
                    {
                        await StopInstanceAsync(instance).ConfigureAwait(false);
                    }
                    instance = StartInstance();
                    var failure = await WaitForInitAsync(instance, token).ConfigureAwait(false);
                    if (failure != null)
                    {
                        await StopInstanceAsync(instance, ExitGrace).ConfigureAwait(false);
                        includePartialLine = true;
                        result = failure.ToResult(requestId);
                        return result;
                    }
                }

                // As in Lambda, the first invocation an execution environment serves is its cold start, even when StartAsync ran its init.
                bool coldStart = instance.InvocationCount++ == 0;
                result = await RunInvocationAsync(instance, requestId, eventJson, coldStart, callerToken, token).ConfigureAwait(false);
                includePartialLine = instance.HasExited || instance.IsStopping;
                return result;
            }
            catch
            {
                // Cancelled or disposed in the middle: the process's state is unknown, stop it.
                if (instance != null)
                {
                    await StopInstanceAsync(instance).ConfigureAwait(false);
                }
                includePartialLine = true;
                throw;
            }
            finally
            {
                // Everything the function wrote before it answered is in the log file by now.
                string log = _log.EndCapture(includePartialLine);
                if (result != null)
                {
                    result.Log = log;
                }
            }
        }

        private async Task<InvocationResult> RunInvocationAsync(RuntimeInstance instance, string requestId, string eventJson, bool coldStart, CancellationToken callerToken, CancellationToken token)
        {
            var now = DateTimeOffset.UtcNow;
            var invocation = new Invocation(
                requestId,
                Encoding.UTF8.GetBytes(eventJson),
                (now + _options.Timeout).ToUnixTimeMilliseconds(),
                _functionArn,
                NewTraceId(now));
            var result = new InvocationResult(requestId) { IsColdStart = coldStart };

            lock (_stateLock)
            {
                _current = invocation;
            }
            _log.WritePlatformLine($"START RequestId: {requestId} Version: $LATEST");
            var stopwatch = Stopwatch.StartNew();
            try
            {
                if (!instance.Events.Writer.TryWrite(invocation))
                {
                    // The instance is being stopped: only disposal does that while an invocation runs.
                    token.ThrowIfCancellationRequested();
                    throw Disposed();
                }

                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    var timer = Task.Delay(_options.Timeout, timeout.Token);
                    await Task.WhenAny(invocation.Answer.Task, instance.Exited.Task, timer).ConfigureAwait(false);
                    timeout.Cancel();
                }

                if (!invocation.Answer.Task.IsCompleted && instance.Exited.Task.IsCompleted)
                {
                    await Task.WhenAny(invocation.Answer.Task, Task.Delay(ExitGrace)).ConfigureAwait(false);
                }

                if (invocation.Answer.Task.IsCompleted)
                {
                    var answer = await invocation.Answer.Task.ConfigureAwait(false);
                    stopwatch.Stop();

                    // What the function writes after it answered, up to its next request for an event, still belongs to
                    // this invocation (Lambda ends it there too). A runtime comes back at once; wait a bounded while.
                    var remaining = TimeSpan.FromMilliseconds(invocation.DeadlineUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    var wait = remaining < PostAnswerWait ? remaining : PostAnswerWait;
                    if (wait > TimeSpan.Zero)
                    {
                        using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(token);
                        await Task.WhenAny(invocation.RuntimeReturned.Task, instance.Exited.Task, Task.Delay(wait, waitCancel.Token)).ConfigureAwait(false);
                        waitCancel.Cancel();
                    }
                    if (answer.IsSuccess)
                    {
                        result.FailureKind = InvocationFailureKind.None;
                        result.Payload = answer.Payload;
                    }
                    else
                    {
                        result.FailureKind = InvocationFailureKind.FunctionError;
                        result.ErrorType = answer.Error!.ErrorType;
                        result.ErrorMessage = answer.Error.ErrorMessage;
                        result.ErrorBody = answer.Error.ErrorBody;
                    }
                }
                else if (_disposing.IsCancellationRequested)
                {
                    throw Disposed();
                }
                else if (instance.Exited.Task.IsCompleted)
                {
                    int exitCode = await instance.Exited.Task.ConfigureAwait(false);
                    SetSandboxFailure(result, InvocationFailureKind.ProcessExited, "Runtime.ExitError", "Runtime exited with error: " + ExitStatus.Describe(exitCode));
                    _log.WritePlatformLine($"RequestId: {requestId} Error: {result.ErrorMessage}");
                }
                else if (callerToken.IsCancellationRequested)
                {
                    callerToken.ThrowIfCancellationRequested();
                }
                else
                {
                    SetSandboxFailure(result, InvocationFailureKind.Timeout, "Sandbox.Timedout", $"Task timed out after {Seconds(_options.Timeout)} seconds");
                    _log.WritePlatformLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {requestId} {result.ErrorMessage}");
                    await StopInstanceAsync(instance).ConfigureAwait(false);
                }
            }
            finally
            {
                stopwatch.Stop();
                lock (_stateLock)
                {
                    if (_current == invocation)
                    {
                        _current = null;
                    }
                }
            }

            result.Duration = stopwatch.Elapsed;
            _log.WritePlatformLine($"END RequestId: {requestId}");
            _log.WritePlatformLine(ReportLine(requestId, result.Duration, instance, result.IsColdStart));
            return result;
        }

        private static void SetSandboxFailure(InvocationResult result, InvocationFailureKind kind, string errorType, string message)
        {
            result.FailureKind = kind;
            result.ErrorType = errorType;
            result.ErrorMessage = message;
            // What Lambda returns to the caller for failures of the sandbox.
            result.ErrorBody = LambdaJson.Error(errorType, $"RequestId: {result.RequestId} Error: {message}");
        }

        private string ReportLine(string requestId, TimeSpan duration, RuntimeInstance instance, bool coldStart)
        {
            var line = new StringBuilder();
            line.Append("REPORT RequestId: ").Append(requestId)
                .Append("\tDuration: ").Append(duration.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture)).Append(" ms")
                .Append("\tBilled Duration: ").Append(Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)).Append(" ms")
                .Append("\tMemory Size: ").Append(_options.MemorySizeMb.ToString(CultureInfo.InvariantCulture)).Append(" MB");
            long? maxMemory = ReadMaxMemoryMb(instance.ProcessId);
            if (maxMemory.HasValue)
            {
                line.Append("\tMax Memory Used: ").Append(maxMemory.Value.ToString(CultureInfo.InvariantCulture)).Append(" MB");
            }
            if (coldStart && instance.InitDuration.HasValue)
            {
                line.Append("\tInit Duration: ").Append(instance.InitDuration.Value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture)).Append(" ms");
            }
            return line.ToString();
        }

        private static long? ReadMaxMemoryMb(int processId)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{processId}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                        return (kb + 1023) / 1024;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
            }
            return null;
        }

        private async Task<FailedInit?> WaitForInitAsync(RuntimeInstance instance, CancellationToken ct)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
            var timer = Task.Delay(_options.InitTimeout, linked.Token);
            await Task.WhenAny(instance.Ready.Task, instance.InitError.Task, instance.Exited.Task, timer).ConfigureAwait(false);
            linked.Cancel();

            if (instance.InitError.Task.IsCompleted)
            {
                return FailedInit.FromReport(await instance.InitError.Task.ConfigureAwait(false));
            }
            if (instance.Ready.Task.IsCompleted)
            {
                return null;
            }
            if (instance.Exited.Task.IsCompleted)
            {
                // It may have posted /init/error just before exiting.
                await Task.WhenAny(instance.InitError.Task, Task.Delay(ExitGrace)).ConfigureAwait(false);
                if (instance.InitError.Task.IsCompleted)
                {
                    return FailedInit.FromReport(await instance.InitError.Task.ConfigureAwait(false));
                }
                int exitCode = await instance.Exited.Task.ConfigureAwait(false);
                return FailedInit.Sandbox(InvocationFailureKind.ProcessExited, "Runtime.ExitError", "Runtime exited with error: " + ExitStatus.Describe(exitCode));
            }
            ct.ThrowIfCancellationRequested();
            if (_disposing.IsCancellationRequested)
            {
                throw Disposed();
            }
            return FailedInit.Sandbox(InvocationFailureKind.Timeout, "Sandbox.Timedout", $"Init timed out after {Seconds(_options.InitTimeout)} seconds: the runtime did not ask for an event (GET /2018-06-01/runtime/invocation/next) in time");
        }

        private RuntimeInstance StartInstance()
        {
            lock (_stateLock)
            {
                if (_disposed)
                {
                    throw Disposed();
                }
                var instance = new RuntimeInstance(++_instanceCount);
                var startInfo = CreateStartInfo();
                var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
                process.Exited += (_, _) =>
                {
                    int exitCode;
                    try
                    {
                        exitCode = process.ExitCode;
                    }
                    catch (InvalidOperationException)
                    {
                        exitCode = -1;
                    }
                    instance.Exited.TrySetResult(exitCode);
                };

                instance.StartedUtc = DateTime.UtcNow;
                instance.StartTimestamp = Stopwatch.GetTimestamp();
                _instance = instance;
                try
                {
                    process.Start();
                }
                catch (Exception e) when (e is Win32Exception || e is InvalidOperationException)
                {
                    _instance = null;
                    instance.BeginStopping();
                    instance.Exited.TrySetResult(-1);
                    process.Dispose();
                    throw new InvalidOperationException($"Could not start the bootstrap '{_artifact.BootstrapPath}': {e.Message}", e);
                }
                instance.Process = process;
                instance.ProcessId = process.Id;
                try
                {
                    // The function's stdin is /dev/null; nothing is written to this pipe.
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                }
                return instance;
            }
        }

        private ProcessStartInfo CreateStartInfo()
        {
            // The one place we start a process through a shell, and why: the function's output must be complete in the log the
            // moment it answers, which a file written by the function itself is and an asynchronously read pipe is not, and
            // .NET cannot hand a child a file as its stdout. So /bin/sh only redirects (stdout and stderr to the log file, stdin
            // from /dev/null) and execs the bootstrap, which keeps the process id. The paths are positional parameters, never
            // spliced into the script, so no path can be read as shell syntax.
            var startInfo = new ProcessStartInfo("/bin/sh")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = false,
                RedirectStandardError = false,
                WorkingDirectory = _artifact.TaskRoot,
            };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("exec \"$1\" >>\"$2\" 2>&1 </dev/null");
            startInfo.ArgumentList.Add("rustlambda-bootstrap");
            startInfo.ArgumentList.Add(_artifact.BootstrapPath);
            startInfo.ArgumentList.Add(_artifact.LogPath);

            var environment = startInfo.Environment;
            if (!_options.InheritEnvironment)
            {
                environment.Clear();
            }
            foreach (var pair in LambdaEnvironment())
            {
                environment[pair.Key] = pair.Value;
            }
            foreach (var pair in _options.EnvironmentVariables)
            {
                environment[pair.Key] = pair.Value;
            }
            return startInfo;
        }

        private IEnumerable<KeyValuePair<string, string>> LambdaEnvironment()
        {
            string taskRoot = _artifact.TaskRoot;
            string runtimeDir = _artifact.RuntimeDirectory;
            string memory = _options.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
            string logStream = $"{DateTime.UtcNow:yyyy'/'MM'/'dd}/[$LATEST]{RandomHex(16)}";
            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_LAMBDA_RUNTIME_API"] = _server!.HostAndPort,
                ["_HANDLER"] = _options.Handler,
                ["AWS_LAMBDA_FUNCTION_NAME"] = _options.FunctionName,
                ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
                ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memory,
                ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + _options.FunctionName,
                ["AWS_LAMBDA_LOG_STREAM_NAME"] = logStream,
                ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
                ["AWS_REGION"] = _options.Region,
                ["AWS_DEFAULT_REGION"] = _options.Region,
                ["LAMBDA_TASK_ROOT"] = taskRoot,
                ["LAMBDA_RUNTIME_DIR"] = runtimeDir,
                ["TZ"] = ":UTC",
                ["LANG"] = "en_US.UTF-8",
                ["PATH"] = "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
                ["LD_LIBRARY_PATH"] = $"/lib64:/usr/lib64:{runtimeDir}:{runtimeDir}/lib:{taskRoot}:{taskRoot}/lib:/opt/lib",
            };
        }

        /// <summary>Stops an instance: kills its process tree, after giving it <paramref name="grace"/> to exit by itself.</summary>
        private async Task StopInstanceAsync(RuntimeInstance instance, TimeSpan grace = default)
        {
            if (grace > TimeSpan.Zero && !instance.HasExited)
            {
                // A runtime that reported an init error exits by itself; let it finish writing its log.
                await Task.WhenAny(instance.Exited.Task, Task.Delay(grace)).ConfigureAwait(false);
            }
            Process? process;
            lock (_stateLock)
            {
                process = instance.Process;
                if (_instance == instance)
                {
                    _instance = null;
                }
            }

            // Kill before ending the runtime's long poll: a runtime told to stop may exit by itself, and its children
            // would then be orphaned before the tree is walked.
            if (process != null && !instance.HasExited)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is InvalidOperationException || e is Win32Exception || e is NotSupportedException || e is AggregateException)
                {
                    // Already gone, or a child that could not be killed.
                }
            }
            instance.BeginStopping();
            if (process != null && !instance.HasExited)
            {
                await Task.WhenAny(instance.Exited.Task, Task.Delay(KillTimeout)).ConfigureAwait(false);
            }
            _log.Flush(includePartialLine: true);
        }

        private Task<RuntimeApiResponse> HandleRequestAsync(RuntimeApiRequest request, CancellationToken connectionClosed)
        {
            string path = request.Path;
            if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
            {
                return Task.FromResult(NotFound(request));
            }
            string route = path.Substring(ApiPrefix.Length);
            if (route == "invocation/next")
            {
                return request.Method == "GET" ? NextInvocationAsync(connectionClosed) : Task.FromResult(MethodNotAllowed(request, "GET"));
            }
            if (route == "init/error")
            {
                return Task.FromResult(request.Method == "POST" ? InitError(request) : MethodNotAllowed(request, "POST"));
            }
            var parts = route.Split('/');
            if (parts.Length == 3 && parts[0] == "invocation" && (parts[2] == "response" || parts[2] == "error"))
            {
                if (request.Method != "POST")
                {
                    return Task.FromResult(MethodNotAllowed(request, "POST"));
                }
                return Task.FromResult(InvocationAnswered(request, Uri.UnescapeDataString(parts[1]), parts[2] == "response"));
            }
            return Task.FromResult(NotFound(request));
        }

        private async Task<RuntimeApiResponse> NextInvocationAsync(CancellationToken connectionClosed)
        {
            RuntimeInstance? instance;
            lock (_stateLock)
            {
                instance = _instance;
            }
            if (instance == null || instance.IsStopping)
            {
                return RuntimeApiResponse.Error(500, "InternalServerError", "The execution environment is shutting down: the runtime should exit.");
            }
            if (instance.InitError.Task.IsCompleted)
            {
                return StateTransitionFailed("InitError", "Ready");
            }
            if (!instance.Ready.Task.IsCompleted)
            {
                instance.InitDuration = Stopwatch.GetElapsedTime(instance.StartTimestamp);
                instance.Ready.TrySetResult();
            }
            lock (_stateLock)
            {
                // Back for more after answering: the invocation is over for the runtime.
                var current = _current;
                if (current != null && current.Answer.Task.IsCompleted)
                {
                    current.RuntimeReturned.TrySetResult();
                }
            }

            Invocation invocation;
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, instance.StoppingToken.Token))
            {
                try
                {
                    invocation = await instance.Events.Reader.ReadAsync(waiting.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ChannelClosedException)
                {
                    return RuntimeApiResponse.Error(500, "InternalServerError", "The execution environment is shutting down: the runtime should exit.");
                }
            }

            invocation.Delivered = true;
            var response = new RuntimeApiResponse(200, invocation.Payload, "application/json");
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Aws-Request-Id", invocation.RequestId));
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Deadline-Ms", invocation.DeadlineUnixMs.ToString(CultureInfo.InvariantCulture)));
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Invoked-Function-Arn", invocation.FunctionArn));
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Trace-Id", invocation.TraceId));
            response.OnSendFailed = () =>
            {
                // The runtime went away before it got the event: keep it for its next request.
                invocation.Delivered = false;
                instance.Events.Writer.TryWrite(invocation);
            };
            return response;
        }

        private RuntimeApiResponse InvocationAnswered(RuntimeApiRequest request, string requestId, bool isResponse)
        {
            Invocation? invocation;
            lock (_stateLock)
            {
                invocation = _current;
            }
            if (invocation == null || invocation.RequestId != requestId || !invocation.Delivered || invocation.Answer.Task.IsCompleted)
            {
                var invalid = RuntimeApiResponse.Error(400, "InvalidRequestID", "Invalid request ID");
                invalid.Close = request.MustClose;
                return invalid;
            }
            if (request.BodyTooLarge)
            {
                string message = $"Response payload size exceeded maximum allowed payload size ({RuntimeApiServer.MaxBodyBytes} bytes).";
                invocation.Answer.TrySetResult(InvocationAnswer.Failure(new ReportedError(
                    "Function.ResponseSizeTooLarge", message, LambdaJson.Error("Function.ResponseSizeTooLarge", message))));
                var tooLarge = RuntimeApiResponse.Error(413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({RuntimeApiServer.MaxBodyBytes} bytes).");
                tooLarge.Close = request.MustClose;
                return tooLarge;
            }
            var answer = isResponse
                ? InvocationAnswer.Success(LambdaJson.DecodeUtf8(request.Body))
                : InvocationAnswer.Failure(LambdaJson.ParseReportedError(request.Body, request.Header("Lambda-Runtime-Function-Error-Type")));
            if (!invocation.Answer.TrySetResult(answer))
            {
                return RuntimeApiResponse.Error(400, "InvalidRequestID", "Invalid request ID");
            }
            return RuntimeApiResponse.Accepted();
        }

        private RuntimeApiResponse InitError(RuntimeApiRequest request)
        {
            RuntimeInstance? instance;
            lock (_stateLock)
            {
                instance = _instance;
            }
            if (instance == null || instance.IsStopping || instance.Ready.Task.IsCompleted || instance.InitError.Task.IsCompleted)
            {
                var refused = StateTransitionFailed(instance != null && instance.Ready.Task.IsCompleted ? "Ready" : "InitError", "InitError");
                refused.Close = request.MustClose;
                return refused;
            }
            if (request.BodyTooLarge)
            {
                var tooLarge = RuntimeApiResponse.Error(413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({RuntimeApiServer.MaxBodyBytes} bytes).");
                tooLarge.Close = request.MustClose;
                return tooLarge;
            }
            instance.InitError.TrySetResult(LambdaJson.ParseReportedError(request.Body, request.Header("Lambda-Runtime-Function-Error-Type")));
            return RuntimeApiResponse.Accepted();
        }

        private static RuntimeApiResponse StateTransitionFailed(string from, string to) => RuntimeApiResponse.Error(
            403, "InvalidStateTransition", $"State transition from {from} to {to} failed for runtime. Error: State transition is not allowed");

        private static RuntimeApiResponse NotFound(RuntimeApiRequest request)
        {
            var response = RuntimeApiResponse.Error(404, "NotFound", $"The Runtime API has no resource {request.Method} {request.Path}. See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html");
            response.Close = request.MustClose;
            return response;
        }

        private static RuntimeApiResponse MethodNotAllowed(RuntimeApiRequest request, string allowed)
        {
            var response = RuntimeApiResponse.Error(405, "MethodNotAllowed", $"{request.Path} accepts {allowed}, not {request.Method}.");
            response.Headers.Add(new KeyValuePair<string, string>("Allow", allowed));
            response.Close = request.MustClose;
            return response;
        }

        private static void Validate(RustLambdaFunctionOptions options)
        {
            if (options.FunctionName == null || !FunctionNamePattern.IsMatch(options.FunctionName))
            {
                throw new ArgumentException($"FunctionName '{options.FunctionName}' is not a valid Lambda function name: 1 to 64 letters, digits, hyphens or underscores.", nameof(options));
            }
            if (string.IsNullOrEmpty(options.Handler) || options.Handler.Any(char.IsWhiteSpace) || options.Handler.Length > 128)
            {
                throw new ArgumentException($"Handler '{options.Handler}' is not a valid Lambda handler: 1 to 128 characters, no whitespace.", nameof(options));
            }
            if (options.MemorySizeMb < 128 || options.MemorySizeMb > 10240)
            {
                throw new ArgumentException($"MemorySizeMb {options.MemorySizeMb} is outside Lambda's range of 128 to 10240 MB.", nameof(options));
            }
            if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(900))
            {
                throw new ArgumentException($"Timeout {options.Timeout} must be more than zero and at most 900 seconds, Lambda's maximum.", nameof(options));
            }
            if (options.InitTimeout <= TimeSpan.Zero || options.InitTimeout > TimeSpan.FromSeconds(900))
            {
                throw new ArgumentException($"InitTimeout {options.InitTimeout} must be more than zero and at most 900 seconds.", nameof(options));
            }
            if (string.IsNullOrEmpty(options.Region) || options.Region.Any(c => char.IsWhiteSpace(c) || c == ':'))
            {
                throw new ArgumentException($"Region '{options.Region}' is not a valid region name.", nameof(options));
            }
            string architecture = (options.Architecture ?? string.Empty).Trim().ToLowerInvariant();
            if (architecture != "x86_64" && architecture != "arm64")
            {
                throw new ArgumentException($"Architecture '{options.Architecture}' is not one Lambda supports: use \"x86_64\" or \"arm64\".", nameof(options));
            }
            options.Architecture = architecture;

            foreach (var pair in options.EnvironmentVariables)
            {
                if (string.IsNullOrEmpty(pair.Key) || pair.Key.IndexOf('=') >= 0 || pair.Key.IndexOf('\0') >= 0)
                {
                    throw new ArgumentException($"'{pair.Key}' is not a valid environment variable name.", nameof(options));
                }
                if (pair.Value == null || pair.Value.IndexOf('\0') >= 0)
                {
                    throw new ArgumentException($"The value of environment variable '{pair.Key}' is null or holds a NUL character.", nameof(options));
                }
            }
            var reserved = options.EnvironmentVariables.Keys.Where(ReservedVariables.Contains).OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (reserved.Count > 0)
            {
                throw new ArgumentException(
                    "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
                    + string.Join(", ", reserved) + ". Set them through RustLambdaFunctionOptions (FunctionName, Handler, MemorySizeMb, Region) instead.",
                    nameof(options));
            }
        }

        private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

        private static string NewTraceId(DateTimeOffset now)
        {
            string epoch = now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
            return $"Root=1-{epoch}-{RandomHex(12)};Parent={RandomHex(8)};Sampled=0";
        }

        private static string RandomHex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposeStarted) != 0)
            {
                throw Disposed();
            }
        }

        private ObjectDisposedException Disposed() => new ObjectDisposedException(nameof(RustLambdaFunction), "The function was disposed: its process and Runtime API are stopped.");

        /// <summary>An init that failed, kept for the invocation that reports it.</summary>
        private sealed class FailedInit
        {
            private FailedInit(InvocationFailureKind kind, string errorType, string? errorMessage, string? errorBody, bool sandbox)
            {
                Kind = kind;
                ErrorType = errorType;
                ErrorMessage = errorMessage;
                ErrorBody = errorBody;
                IsSandboxFailure = sandbox;
            }

            public InvocationFailureKind Kind { get; }

            public string ErrorType { get; }

            public string? ErrorMessage { get; }

            public string? ErrorBody { get; }

            public bool IsSandboxFailure { get; }

            public string Log { get; set; } = string.Empty;

            public static FailedInit FromReport(ReportedError error) =>
                new FailedInit(InvocationFailureKind.InitError, error.ErrorType, error.ErrorMessage, error.ErrorBody, sandbox: false);

            public static FailedInit Sandbox(InvocationFailureKind kind, string errorType, string message) =>
                new FailedInit(kind, errorType, message, null, sandbox: true);

            public InvocationResult ToResult(string requestId)
            {
                var result = new InvocationResult(requestId) { IsColdStart = true };
                if (IsSandboxFailure)
                {
                    SetSandboxFailure(result, Kind, ErrorType, ErrorMessage ?? string.Empty);
                }
                else
                {
                    result.FailureKind = Kind;
                    result.ErrorType = ErrorType;
                    result.ErrorMessage = ErrorMessage;
                    result.ErrorBody = ErrorBody;
                }
                return result;
            }
        }
    }
}
