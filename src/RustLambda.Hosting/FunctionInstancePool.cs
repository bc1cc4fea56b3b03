using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RustLambda.Hosting.Instances;
using RustLambda.Hosting.Logging;
using RustLambda.Hosting.Processes;
using RustLambda.Hosting.RuntimeApi;

namespace RustLambda.Hosting
{
    /// <summary>
    /// The warm processes of one Lambda function, as Lambda scales it out: each instance is a <c>bootstrap</c> process
    /// with its own Runtime API endpoint on 127.0.0.1, serving one invocation at a time. An invocation takes an idle
    /// instance or starts a new one (a cold start) up to <see cref="FunctionPoolOptions.MaxInstances"/>; beyond that it
    /// waits its turn, never dropped. A timeout or a crash stops the instance; the next invocation that needs one starts
    /// a new one. Linux only; a function of the other architecture runs through QEMU user-mode emulation.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var pool = FunctionInstancePool.Create(new LambdaFunctionDefinition { BootstrapPath = "bootstrap.zip" });
    /// var result = await pool.InvokeAsync("{\"name\":\"x\"}");
    /// </code>
    /// </example>
    public sealed class FunctionInstancePool : IAsyncDisposable
    {
        /// <summary>Lambda's limit for a synchronous invoke's request payload: 6 MB.</summary>
        public const int MaxRequestPayloadBytes = 6_291_456;

        private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

        private readonly FunctionPoolOptions _options;
        private readonly InstanceRoster _roster;
        private readonly SemaphoreSlim _concurrency;
        private readonly CancellationTokenSource _disposing = new CancellationTokenSource();
        private InitFailure? _pendingInitFailure;
        private int _inFlight;
        private int _disposeStarted;

        private FunctionInstancePool(FunctionVersion version, FunctionPoolOptions options)
        {
            _options = options;
            _roster = new InstanceRoster(version, new SerializedLogSink(options.LogSink));
            _concurrency = new SemaphoreSlim(options.MaxInstances, options.MaxInstances);
        }

        /// <summary>The function as it runs now (a copy; after <see cref="ReplaceAsync"/>, the new one).</summary>
        public LambdaFunctionDefinition Definition => Current.Definition.Clone();

        /// <summary>At most this many processes run at once (<see cref="FunctionPoolOptions.MaxInstances"/>).</summary>
        public int MaxInstances => _options.MaxInstances;

        /// <summary>The function's <c>LAMBDA_TASK_ROOT</c> and working directory (the extracted zip, or the bootstrap's folder).</summary>
        public string TaskRoot => Current.Artifact.TaskRoot;

        /// <summary>The ARN sent in <c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
        public string FunctionArn => Current.FunctionArn;

        /// <summary>How this host runs it: "natively", or "through QEMU (...)" for the other architecture.</summary>
        public string ExecutionMode => Current.Launcher.Description;

        /// <summary>Whether it runs through QEMU emulation (a function of the other architecture), so timeouts are scaled.</summary>
        public bool IsEmulated => Current.Launcher.IsEmulated;

        /// <summary>The ids of the bootstrap processes running now (not exited, not being stopped).</summary>
        public IReadOnlyList<int> ProcessIds => _roster.ProcessIds;

        /// <summary>The Runtime API address of the first slot: with one instance at a time, the one every instance uses.</summary>
        internal string PrimaryRuntimeApiAddress => _roster.PrimaryAddress;

        private FunctionVersion Current => _roster.Current;

        /// <summary>
        /// Prepares a pool for <paramref name="definition"/>: validates it, decides how this host runs it (natively or
        /// through QEMU), extracts a <c>bootstrap.zip</c> into a new temporary folder (a bootstrap file runs in place) and
        /// starts a Runtime API endpoint. No process starts until <see cref="WarmUpAsync"/> or <see cref="InvokeAsync(string, InvocationContext?, CancellationToken)"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A setting is invalid, or an environment variable is one Lambda reserves.</exception>
        /// <exception cref="NotSupportedException">This host cannot run the function (not Linux, or the other architecture without QEMU; the message says how to install it).</exception>
        /// <exception cref="System.IO.FileNotFoundException">The artifact does not exist.</exception>
        /// <exception cref="System.IO.InvalidDataException">The zip has no <c>bootstrap</c> at its root, or is not a valid package.</exception>
        /// <exception cref="InvalidOperationException">The bootstrap is for another architecture or OS, or not executable.</exception>
        public static FunctionInstancePool Create(LambdaFunctionDefinition definition, FunctionPoolOptions? options = null)
        {
            var snapshot = (options ?? new FunctionPoolOptions()).Clone();
            snapshot.Validate();
            var version = FunctionVersion.Prepare(definition, snapshot);
            try
            {
                return new FunctionInstancePool(version, snapshot);
            }
            catch
            {
                version.Retire();
                throw;
            }
        }

        /// <summary>
        /// Starts one instance, unless one is idle, and waits for its init. A failed init does not throw: as in Lambda,
        /// the next invocation reports it.
        /// </summary>
        public async Task WarmUpAsync(CancellationToken ct = default)
        {
            await WithPermitAsync(ct, async token =>
            {
                if (_roster.HasIdle)
                {
                    return 0;
                }
                var instance = _roster.Start(requestId: null);
                var failure = await WaitForInitAsync(instance, token).ConfigureAwait(false);
                if (failure != null)
                {
                    Volatile.Write(ref _pendingInitFailure, failure);
                }
                else
                {
                    instance.Log.EndCapture();
                    await _roster.ReturnAsync(instance).ConfigureAwait(false);
                }
                return 0;
            }).ConfigureAwait(false);
        }

        /// <summary>Invokes the function with a JSON event (sent as UTF-8), as a synchronous <c>RequestResponse</c> invoke.</summary>
        public Task<InvocationResult> InvokeAsync(string payload, InvocationContext? context = null, CancellationToken ct = default)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }
            return InvokeAsync(Encoding.UTF8.GetBytes(payload), context, ct);
        }

        /// <summary>
        /// Invokes the function with <paramref name="payload"/> and waits for its answer. Takes an idle instance or
        /// starts one (up to <see cref="MaxInstances"/>), else waits for one. Failures of the function are results, not
        /// exceptions; a payload over <see cref="MaxRequestPayloadBytes"/> is refused with
        /// <see cref="InvocationFailureKind.RequestTooLarge"/> without invoking anything.
        /// </summary>
        /// <remarks>Cancelling <paramref name="ct"/> while the function runs stops its instance (its state is unknown) and throws.</remarks>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
        /// <exception cref="InvalidOperationException">A new process could not be started at all (the message says why, e.g. exec format error).</exception>
        public async Task<InvocationResult> InvokeAsync(byte[] payload, InvocationContext? context = null, CancellationToken ct = default)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }
            ThrowIfDisposed();
            string requestId = string.IsNullOrEmpty(context?.RequestId) ? Guid.NewGuid().ToString("D") : context!.RequestId!;
            if (payload.Length > MaxRequestPayloadBytes)
            {
                var refused = new InvocationResult(requestId) { FailureKind = InvocationFailureKind.RequestTooLarge, ErrorType = "RequestEntityTooLargeException" };
                refused.ErrorMessage = $"Request must be smaller than {MaxRequestPayloadBytes} bytes for the InvokeFunction operation (this one is {payload.Length} bytes).";
                refused.ErrorBody = LambdaJson.Error(refused.ErrorType, refused.ErrorMessage);
                return refused;
            }
            return await WithPermitAsync(ct, token =>
            {
                var pending = Interlocked.Exchange(ref _pendingInitFailure, null);
                return pending != null ? Task.FromResult(pending.ToResult(requestId)) : RunAsync(payload, requestId, context, token);
            }).ConfigureAwait(false);
        }

        /// <summary>
        /// After a rebuild: new invocations go to new processes of <paramref name="definition"/>; invocations in flight
        /// finish on the old processes, which are stopped then; idle old processes are stopped now. When the new
        /// definition is invalid, nothing changes and the exception says why.
        /// </summary>
        public async Task ReplaceAsync(LambdaFunctionDefinition definition, CancellationToken ct = default)
        {
            ThrowIfDisposed();
            ct.ThrowIfCancellationRequested();
            var next = FunctionVersion.Prepare(definition, _options);
            Task stoppingIdle;
            try
            {
                stoppingIdle = _roster.ReplaceAsync(next);
            }
            catch (ObjectDisposedException)
            {
                next.Retire();
                throw Disposed();
            }
            Volatile.Write(ref _pendingInitFailure, null);
            await stoppingIdle.ConfigureAwait(false);
        }

        /// <summary>
        /// Stops every process (the whole tree of each), the Runtime API endpoints, and deletes the temporary folders.
        /// Invocations still running end with <see cref="ObjectDisposedException"/>. Safe to call more than once; bounded in time.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
            {
                return;
            }
            var live = _roster.Close();
            _disposing.Cancel();
            await Task.WhenAll(live.Select(i => i.StopAsync())).ConfigureAwait(false);

            // Running invocations notice, retire their instances and give their permits back.
            var deadline = DateTime.UtcNow + DisposeTimeout;
            while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
            await _roster.DisposeAsync().ConfigureAwait(false);
        }

        private async Task<InvocationResult> RunAsync(byte[] payload, string requestId, InvocationContext? context, CancellationToken token)
        {
            var instance = _roster.TakeIdle();
            if (instance == null)
            {
                instance = _roster.Start(requestId);
                var failure = await WaitForInitAsync(instance, token).ConfigureAwait(false);
                if (failure != null)
                {
                    return failure.ToResult(requestId);
                }
            }
            else
            {
                instance.Log.BeginCapture(requestId);
            }

            // As in Lambda, an environment's first invocation is its cold start, even when WarmUpAsync ran its init.
            bool coldStart = instance.InvocationCount++ == 0;
            var version = instance.Version;
            var now = DateTimeOffset.UtcNow;
            var invocation = new Invocation(requestId, payload, (now + version.InvocationTimeout).ToUnixTimeMilliseconds(), version.FunctionArn,
                string.IsNullOrEmpty(context?.TraceId) ? NewTraceId(now) : context!.TraceId!, context);
            InvocationResult result;
            try
            {
                result = await instance.InvokeAsync(invocation, coldStart, token).ConfigureAwait(false);
            }
            catch
            {
                // Cancelled or disposed in the middle: the process's state is unknown, stop it.
                await _roster.RetireAsync(instance).ConfigureAwait(false);
                instance.Log.EndCapture();
                throw;
            }
            await _roster.ReturnAsync(instance).ConfigureAwait(false);
            result.Log = instance.Log.EndCapture();
            return result;
        }

        /// <summary>Waits for init; on failure the instance is stopped and the failure (with the init's log) returned.</summary>
        private async Task<InitFailure?> WaitForInitAsync(FunctionInstance instance, CancellationToken token)
        {
            InitFailure? failure;
            try
            {
                failure = await instance.WaitForInitAsync(token).ConfigureAwait(false);
            }
            catch
            {
                await _roster.RetireAsync(instance).ConfigureAwait(false);
                instance.Log.EndCapture();
                throw;
            }
            if (failure != null)
            {
                await _roster.RetireAsync(instance, FunctionInstance.ExitGrace).ConfigureAwait(false);
                failure.Log = instance.Log.EndCapture();
                failure.InstanceId = instance.Id;
            }
            return failure;
        }

        /// <summary>Runs <paramref name="action"/> holding one of the <see cref="MaxInstances"/> permits (waiting for one, in order).</summary>
        private async Task<T> WithPermitAsync<T>(CancellationToken ct, Func<CancellationToken, Task<T>> action)
        {
            ThrowIfDisposed();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
            try
            {
                await _concurrency.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw Disposed();
            }
            Interlocked.Increment(ref _inFlight);
            try
            {
                ThrowIfDisposed();
                return await action(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && _disposing.IsCancellationRequested)
            {
                throw Disposed();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _concurrency.Release();
            }
        }

        private static string NewTraceId(DateTimeOffset now)
        {
            string epoch = now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
            return $"Root=1-{epoch}-{LambdaEnvironment.RandomHex(12)};Parent={LambdaEnvironment.RandomHex(8)};Sampled=0";
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposeStarted) != 0)
            {
                throw Disposed();
            }
        }

        private static ObjectDisposedException Disposed() =>
            new ObjectDisposedException(nameof(FunctionInstancePool), "The function was disposed: its processes and Runtime API are stopped.");
    }
}
