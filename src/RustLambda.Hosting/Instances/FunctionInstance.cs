using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RustLambda.Hosting.Logging;
using RustLambda.Hosting.Processes;
using RustLambda.Hosting.RuntimeApi;

namespace RustLambda.Hosting.Instances
{
    /// <summary>
    /// One execution environment: a bootstrap process of one <see cref="FunctionVersion"/>, talking to the Runtime API of
    /// its <see cref="InstanceSlot"/>, serving one invocation at a time, from its start (a cold start) until it exits or is
    /// stopped.
    /// </summary>
    internal sealed class FunctionInstance
    {
        private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

        // After an answer, how long to wait for the runtime to ask for its next event (so its last output is captured).
        private static readonly TimeSpan PostAnswerWait = TimeSpan.FromSeconds(2);

        // When the process exits, answers it sent just before may still be on their way through the server.
        public static readonly TimeSpan ExitGrace = TimeSpan.FromMilliseconds(200);

        private readonly Task<int> _notStarted = Task.FromResult(-1);
        private int _stopping;
        private BootstrapProcess? _process;

        public FunctionInstance(int id, FunctionVersion version, InstanceSlot slot, SerializedLogSink sink)
        {
            Id = id;
            Version = version;
            Slot = slot;
            Log = new FunctionLog(version.Definition.DisplayName, id, sink);
        }

        /// <summary>The pool's number for this instance: 1, 2, ...</summary>
        public int Id { get; }

        public FunctionVersion Version { get; }

        public InstanceSlot Slot { get; }

        public FunctionLog Log { get; }

        public int? ProcessId => _process?.ProcessId;

        /// <summary>How many invocations it has been handed; the first one is its cold start.</summary>
        public int InvocationCount { get; set; }

        /// <summary>Completes when the runtime first asks for an event: init is over.</summary>
        public TaskCompletionSource Ready { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the runtime posts to <c>/init/error</c> before it is ready.</summary>
        public TaskCompletionSource<ReportedError> InitError { get; } = new TaskCompletionSource<ReportedError>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes with the exit code when the process has exited.</summary>
        public Task<int> Exited => _process?.Exited ?? _notStarted;

        /// <summary>Events waiting for the runtime's next <c>GET /invocation/next</c> (at most one).</summary>
        public Channel<Invocation> Events { get; } = Channel.CreateUnbounded<Invocation>();

        /// <summary>Cancelled when the instance is being stopped: long polls of its runtime end.</summary>
        public CancellationTokenSource StoppingToken { get; } = new CancellationTokenSource();

        /// <summary>The invocation being served, if any.</summary>
        public Invocation? Current { get; private set; }

        public long StartTimestamp { get; private set; }

        /// <summary>Process start to first request for an event.</summary>
        public TimeSpan? InitDuration { get; set; }

        public bool IsStopping => Volatile.Read(ref _stopping) != 0;

        public bool HasExited => Exited.IsCompleted;

        /// <summary>Warm and able to take an invocation.</summary>
        public bool IsHealthy => !IsStopping && !HasExited && Ready.Task.IsCompleted;

        /// <summary>Starts the process, attached to its slot's Runtime API.</summary>
        /// <exception cref="InvalidOperationException">The process could not be started.</exception>
        public void Start()
        {
            var version = Version;
            var environment = LambdaEnvironment.For(
                version.Definition, Slot.Address, version.Artifact.TaskRoot, version.Artifact.RuntimeDirectory, version.Launcher.ExtraEnvironment());
            var launch = version.Launcher.CreateLaunch(version.Artifact.BootstrapPath, version.Artifact.TaskRoot, environment);
            Slot.Attach(this);
            StartTimestamp = Stopwatch.GetTimestamp();
            try
            {
                _process = BootstrapProcess.Start(launch, Log.WriteFunctionLine);
            }
            catch (Exception e) when (e is InvalidOperationException || e is NotSupportedException || e is ArgumentException)
            {
                BeginStopping();
                Slot.Detach(this);
                throw new InvalidOperationException($"Could not start the bootstrap '{version.Artifact.BootstrapPath}' {version.Launcher.Description}: {e.Message}", e);
            }
        }

        /// <summary>Waits for the runtime's first request for an event; null when it came, else the failure to report.</summary>
        public async Task<InitFailure?> WaitForInitAsync(CancellationToken ct)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(Version.InitTimeout, linked.Token);
            await Task.WhenAny(Ready.Task, InitError.Task, Exited, timer).ConfigureAwait(false);
            linked.Cancel();

            if (InitError.Task.IsCompleted)
            {
                return InitFailure.FromReport(await InitError.Task.ConfigureAwait(false));
            }
            if (Ready.Task.IsCompleted)
            {
                return null;
            }
            if (HasExited)
            {
                // It may have posted /init/error just before exiting.
                await Task.WhenAny(InitError.Task, Task.Delay(ExitGrace)).ConfigureAwait(false);
                if (InitError.Task.IsCompleted)
                {
                    return InitFailure.FromReport(await InitError.Task.ConfigureAwait(false));
                }
                int exitCode = await Exited.ConfigureAwait(false);
                return InitFailure.Sandbox(InvocationFailureKind.ProcessExited, "Runtime.ExitError", "Runtime exited with error: " + ExitStatus.Describe(exitCode));
            }
            ct.ThrowIfCancellationRequested();
            return InitFailure.Sandbox(InvocationFailureKind.Timeout, "Sandbox.Timedout",
                $"Init timed out after {Version.DescribeTimeout(Version.InitTimeout)}: the runtime did not ask for an event (GET /2018-06-01/runtime/invocation/next) in time");
        }

        /// <summary>
        /// Hands <paramref name="invocation"/> to the runtime and waits for its answer, its exit or the timeout (which
        /// stops the instance). Throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled;
        /// the caller then stops the instance, whose state is unknown.
        /// </summary>
        public async Task<InvocationResult> InvokeAsync(Invocation invocation, bool coldStart, CancellationToken ct)
        {
            string requestId = invocation.RequestId;
            var result = new InvocationResult(requestId) { IsColdStart = coldStart, InstanceId = Id, InitDuration = coldStart ? InitDuration : null };
            Current = invocation;
            Process?.Output.Flush(includePartialLine: false);
            Log.WritePlatformLine(FunctionLog.StartLine(requestId), requestId);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                if (!Events.Writer.TryWrite(invocation))
                {
                    // Stopped meanwhile: only disposal or a cancellation does that while an invocation runs.
                    ct.ThrowIfCancellationRequested();
                    throw new OperationCanceledException("The instance was stopped.");
                }

                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    var timer = Task.Delay(Version.InvocationTimeout, timeout.Token);
                    await Task.WhenAny(invocation.Answer.Task, Exited, timer).ConfigureAwait(false);
                    timeout.Cancel();
                }
                if (!invocation.Answer.Task.IsCompleted && HasExited)
                {
                    await Task.WhenAny(invocation.Answer.Task, Task.Delay(ExitGrace)).ConfigureAwait(false);
                }

                if (invocation.Answer.Task.IsCompleted)
                {
                    var answer = await invocation.Answer.Task.ConfigureAwait(false);
                    stopwatch.Stop();
                    await WaitForRuntimeToReturnAsync(invocation, ct).ConfigureAwait(false);
                    SetAnswer(result, answer);
                }
                else if (ct.IsCancellationRequested)
                {
                    ct.ThrowIfCancellationRequested();
                }
                else if (HasExited)
                {
                    int exitCode = await Exited.ConfigureAwait(false);
                    SandboxFailure.Set(result, InvocationFailureKind.ProcessExited, "Runtime.ExitError", "Runtime exited with error: " + ExitStatus.Describe(exitCode));
                    Log.WritePlatformLine($"RequestId: {requestId} Error: {result.ErrorMessage}", requestId);
                }
                else
                {
                    SandboxFailure.Set(result, InvocationFailureKind.Timeout, "Sandbox.Timedout", $"Task timed out after {Version.DescribeTimeout(Version.InvocationTimeout)}");
                    Log.WritePlatformLine(FunctionLog.TimeoutLine(requestId, result.ErrorMessage!), requestId);
                    await StopAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                stopwatch.Stop();
                Current = null;
            }

            result.Duration = stopwatch.Elapsed;
            Process?.Output.Flush(includePartialLine: HasExited || IsStopping);
            Log.WritePlatformLine(FunctionLog.EndLine(requestId), requestId);
            Log.WritePlatformLine(FunctionLog.ReportLine(requestId, result.Duration, Version.Definition.MemorySizeMb, ProcessId, result.InitDuration), requestId);
            return result;
        }

        /// <summary>
        /// Stops the instance: kills its process tree (after <paramref name="grace"/> for it to exit by itself), ends its
        /// runtime's long poll, and reads the last of its output. Safe to call more than once.
        /// </summary>
        public async Task StopAsync(TimeSpan grace = default)
        {
            var process = _process;
            if (grace > TimeSpan.Zero && process != null && !HasExited)
            {
                // A runtime that reported an init error exits by itself; let it finish writing its log.
                await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
            }
            // Kill before ending the long poll: a runtime told to stop may exit by itself, orphaning its children first.
            process?.Kill();
            BeginStopping();
            if (process != null)
            {
                if (!HasExited)
                {
                    await Task.WhenAny(Exited, Task.Delay(KillTimeout)).ConfigureAwait(false);
                }
                // The output ends when the last process holding the pipe is gone; read it all.
                await Task.Run(() => process.Output.WaitForEnd(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
                process.Output.Flush(includePartialLine: true);
            }
            Slot.Detach(this);
        }

        /// <summary>Frees what the instance holds once it is stopped.</summary>
        public void Release()
        {
            _process?.Dispose();
            StoppingToken.Dispose();
        }

        private BootstrapProcess? Process => _process;

        private void BeginStopping()
        {
            if (Interlocked.Exchange(ref _stopping, 1) != 0)
            {
                return;
            }
            try
            {
                StoppingToken.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            Events.Writer.TryComplete();
        }

        /// <summary>
        /// What the function writes after it answered, up to its next request for an event, still belongs to this
        /// invocation (Lambda ends it there too). A runtime comes back at once; wait a bounded while.
        /// </summary>
        private async Task WaitForRuntimeToReturnAsync(Invocation invocation, CancellationToken ct)
        {
            var remaining = TimeSpan.FromMilliseconds(invocation.DeadlineUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var wait = remaining < PostAnswerWait ? remaining : PostAnswerWait;
            if (wait > TimeSpan.Zero)
            {
                using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.WhenAny(invocation.RuntimeReturned.Task, Exited, Task.Delay(wait, waitCancel.Token)).ConfigureAwait(false);
                waitCancel.Cancel();
            }
        }

        private static void SetAnswer(InvocationResult result, InvocationAnswer answer)
        {
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

        public override string ToString() => "instance " + Id.ToString(CultureInfo.InvariantCulture) + " of " + Version.Definition.DisplayName;
    }
}
