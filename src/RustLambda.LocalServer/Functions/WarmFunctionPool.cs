using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using RustLambda.Hosting;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>
    /// One served function over RustLambda.Hosting's <see cref="FunctionInstancePool"/>: warm instances, each serving one
    /// invocation at a time, more started up to the limit, further requests waiting (none dropped), a timed-out or crashed
    /// instance replaced, and <see cref="Replace"/> moving new invocations to the new build while in-flight ones finish.
    /// A function that cannot be started at all (its zip missing, an architecture this host cannot run) answers every
    /// invocation with that reason as an init error, so the server keeps serving the others.
    /// </summary>
    public sealed class WarmFunctionPool : IAsyncDisposable
    {
        private readonly FunctionPoolOptions _options;
        private FunctionInstancePool? _pool;
        private string? _startFailure;
        private Task _retiring = Task.CompletedTask;

        public WarmFunctionPool(FunctionSettings settings, int maxInstances, IFunctionLogSink sink)
        {
            Settings = settings;
            _options = new FunctionPoolOptions { MaxInstances = maxInstances, LogSink = sink };
            try
            {
                _pool = FunctionInstancePool.Create(Definition(settings), _options);
            }
            catch (Exception ex) when (IsStartFailure(ex))
            {
                _startFailure = ex.Message;
            }
        }

        public FunctionSettings Settings { get; private set; }

        /// <summary>Why the function cannot run, when it cannot (printed at startup).</summary>
        public string? StartFailure => _startFailure;

        public int MaxInstances => _options.MaxInstances;

        /// <summary>The function's processes now (for tests: warm reuse, no orphans).</summary>
        public System.Collections.Generic.IReadOnlyList<int> ProcessIds => _pool?.ProcessIds ?? Array.Empty<int>();

        public async Task<InvocationOutcome> InvokeAsync(string payload, CancellationToken ct)
        {
            var pool = _pool;
            if (pool == null)
            {
                return new InvocationOutcome
                {
                    Kind = InvocationOutcomeKind.Crashed,
                    RequestId = Guid.NewGuid().ToString(),
                    ErrorType = "Runtime.InitError",
                    ErrorMessage = $"{Settings.LogicalId} cannot be started: {_startFailure}",
                };
            }
            var result = await pool.InvokeAsync(payload, null, ct).ConfigureAwait(false);
            return ToOutcome(result);
        }

        /// <summary>After a rebuild: the new build serves new invocations. A definition that cannot start keeps the old one serving.</summary>
        public async Task Replace(FunctionSettings settings)
        {
            var definition = Definition(settings);
            try
            {
                if (_pool == null)
                {
                    _pool = FunctionInstancePool.Create(definition, _options);
                    _startFailure = null;
                }
                else
                {
                    // The new version serves once ReplaceAsync's synchronous part (extract, switch) is done, and a definition
                    // that cannot start fails there; what is left is stopping the old idle processes, which no request waits
                    // for. That is awaited before the next replacement and on dispose, so no process outlives the pool.
                    var replacing = _pool.ReplaceAsync(definition);
                    if (replacing.IsCompleted)
                    {
                        await replacing.ConfigureAwait(false);
                    }
                    else
                    {
                        var previous = _retiring;
                        _retiring = Task.WhenAll(previous, replacing);
                    }
                }
                Settings = settings;
            }
            catch (Exception ex) when (IsStartFailure(ex))
            {
                if (_pool == null)
                {
                    _startFailure = ex.Message;
                }
                throw new InvalidOperationException($"{settings.LogicalId}: the new build cannot be started ({ex.Message}); the previous one keeps serving.", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _retiring.ConfigureAwait(false);
            }
            catch (Exception ex) when (IsStartFailure(ex) || ex is ObjectDisposedException)
            {
                // Stopping an old version's idle process failed; disposing the pool below stops whatever is left.
            }
            if (_pool != null)
            {
                await _pool.DisposeAsync().ConfigureAwait(false);
            }
        }

        private static bool IsStartFailure(Exception ex) =>
            ex is ArgumentException || ex is NotSupportedException || ex is IOException || ex is InvalidDataException
            || ex is InvalidOperationException || ex is UnauthorizedAccessException;

        private static LambdaFunctionDefinition Definition(FunctionSettings settings)
        {
            var function = settings.Definition;
            var definition = new LambdaFunctionDefinition
            {
                LogicalId = function.LogicalId,
                FunctionName = function.LogicalId,
                BootstrapPath = function.BootstrapPath,
                Architecture = function.Architecture,
                Handler = function.Handler,
                MemorySizeMb = function.MemorySizeMb,
                Timeout = TimeSpan.FromSeconds(function.TimeoutSeconds),
                Region = settings.Region,
            };
            foreach (var pair in settings.Environment)
            {
                definition.Environment[pair.Key] = pair.Value;
            }
            return definition;
        }

        private static InvocationOutcome ToOutcome(InvocationResult result) => new()
        {
            Kind = result.FailureKind switch
            {
                InvocationFailureKind.None => InvocationOutcomeKind.Success,
                InvocationFailureKind.FunctionError => InvocationOutcomeKind.FunctionError,
                InvocationFailureKind.RequestTooLarge => InvocationOutcomeKind.FunctionError,
                InvocationFailureKind.Timeout => InvocationOutcomeKind.Timeout,
                _ => InvocationOutcomeKind.Crashed,
            },
            RequestId = result.RequestId,
            Payload = result.Payload,
            ErrorType = result.ErrorType,
            ErrorMessage = result.ErrorMessage,
            ErrorBody = result.ErrorBody,
            Log = result.Log,
        };
    }
}
