using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using RustLambda.Hosting;

namespace RustLambda.Testing
{
    /// <summary>
    /// A Rust Lambda function running locally, without Docker: an emulator of the
    /// <see href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Lambda Runtime API</see> on 127.0.0.1 and
    /// the function's <c>bootstrap</c> process talking to it, with the environment Lambda gives a
    /// <c>provided.al2023</c> function. A test-friendly facade over RustLambda.Hosting's <see cref="FunctionInstancePool"/>
    /// with one instance.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Invocations run one at a time and reuse the process (a warm start), as Lambda does. A crash, a timeout or an init
    /// error stops the process; the next invocation starts a new one (a cold start).
    /// </para>
    /// <para>
    /// Runs on Linux only, as Lambda does. A function of the other architecture (arm64 on an x86_64 host, or the reverse)
    /// runs through QEMU user-mode emulation where it is installed.
    /// </para>
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
        private readonly FunctionInstancePool _pool;

        private RustLambdaFunction(FunctionInstancePool pool)
        {
            _pool = pool;
        }

        /// <summary><c>127.0.0.1:port</c>: where the Runtime API listens, as given to the function in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
        public string RuntimeApiAddress => _pool.PrimaryRuntimeApiAddress;

        /// <summary>The function's <c>LAMBDA_TASK_ROOT</c> and working directory: the folder the zip was extracted to (or the bootstrap's folder).</summary>
        public string TaskRoot => _pool.TaskRoot;

        /// <summary>The invoked function's ARN, as sent in <c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
        public string FunctionArn => _pool.FunctionArn;

        /// <summary>How this host runs the bootstrap: "natively", or "through QEMU (...)" for the other architecture.</summary>
        public string ExecutionMode => _pool.ExecutionMode;

        /// <summary>The id of the running bootstrap process, or <see langword="null"/> when none runs (after a crash, a timeout or disposal).</summary>
        public int? ProcessId
        {
            get
            {
                var ids = _pool.ProcessIds;
                return ids.Count > 0 ? ids[0] : (int?)null;
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
        /// <exception cref="NotSupportedException">This host cannot run the function: it is not Linux, or it is of the other architecture and has no QEMU (the message says how to install it).</exception>
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
            snapshot.Validate();
            ct.ThrowIfCancellationRequested();

            var pool = FunctionInstancePool.Create(snapshot.ToDefinition(artifactZipOrBootstrapPath), snapshot.ToPoolOptions());
            try
            {
                await pool.WarmUpAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await pool.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return new RustLambdaFunction(pool);
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
            var result = await _pool.InvokeAsync(eventJson, null, ct).ConfigureAwait(false);
            return InvocationResult.From(result);
        }

        /// <summary>
        /// Stops the function: kills the bootstrap process and its children, stops the Runtime API, and deletes the
        /// temporary folder. Safe to call more than once and after failures; bounded in time. A running
        /// <see cref="InvokeAsync"/> ends with <see cref="ObjectDisposedException"/>.
        /// </summary>
        public ValueTask DisposeAsync() => _pool.DisposeAsync();
    }
}
