using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RustLambda.Testing;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>
    /// The warm processes of one function. Each instance (a RustLambda.Testing emulator with its bootstrap process) serves one
    /// invocation at a time, as Lambda does; a request finds an idle instance or starts one, up to the limit, and otherwise
    /// waits: none is dropped. A timeout or crash stops that instance's process and its next invocation starts a new one
    /// (the emulator's own rule). <see cref="Replace"/> sends new invocations to instances of the new build while those in
    /// flight finish on the old one, which is then stopped.
    /// </summary>
    public sealed class WarmFunctionPool : IAsyncDisposable
    {
        private readonly object _lock = new();
        private readonly SemaphoreSlim _slots;
        private readonly Stack<Instance> _idle = new();
        private readonly HashSet<Instance> _all = new();
        private readonly Func<string, TextWriter> _logFactory;
        private FunctionSettings _settings;
        private int _generation;
        private bool _disposed;

        public WarmFunctionPool(FunctionSettings settings, int maxInstances, Func<string, TextWriter> logFactory)
        {
            _settings = settings;
            _slots = new SemaphoreSlim(maxInstances, maxInstances);
            _logFactory = logFactory;
            MaxInstances = maxInstances;
        }

        public int MaxInstances { get; }
        public FunctionSettings Settings => _settings;

        /// <summary>Processes alive now (idle or busy).</summary>
        public int InstanceCount
        {
            get { lock (_lock) { return _all.Count; } }
        }

        public async Task<InvocationOutcome> InvokeAsync(string payload, CancellationToken ct)
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
            Instance? instance = null;
            try
            {
                try
                {
                    instance = await TakeAsync(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException || ex is InvalidOperationException || ex is NotSupportedException || ex is ArgumentException || ex is InvalidDataException || ex is UnauthorizedAccessException)
                {
                    // The bootstrap could not be started at all (missing zip, wrong architecture, reserved variable): an
                    // init failure as Lambda would report it, and the server keeps serving everything else.
                    return new InvocationOutcome
                    {
                        Kind = InvocationOutcomeKind.Crashed,
                        RequestId = Guid.NewGuid().ToString(),
                        ErrorType = "Runtime.InitError",
                        ErrorMessage = $"{_settings.LogicalId} could not be started: {ex.Message}",
                    };
                }
                var result = await instance.Function.InvokeAsync(payload, ct).ConfigureAwait(false);
                return ToOutcome(result);
            }
            finally
            {
                if (instance != null)
                {
                    await ReturnAsync(instance).ConfigureAwait(false);
                }
                _slots.Release();
            }
        }

        /// <summary>New invocations go to processes of <paramref name="settings"/>; idle old ones stop now, busy ones when done.</summary>
        public async Task Replace(FunctionSettings settings)
        {
            List<Instance> stale;
            lock (_lock)
            {
                _settings = settings;
                _generation++;
                stale = _idle.ToList();
                _idle.Clear();
                foreach (var instance in stale)
                {
                    _all.Remove(instance);
                }
            }
            await Task.WhenAll(stale.Select(i => i.Function.DisposeAsync().AsTask())).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            List<Instance> all;
            lock (_lock)
            {
                _disposed = true;
                all = _all.ToList();
                _all.Clear();
                _idle.Clear();
            }
            await Task.WhenAll(all.Select(i => i.Function.DisposeAsync().AsTask())).ConfigureAwait(false);
        }

        private async Task<Instance> TakeAsync(CancellationToken ct)
        {
            FunctionSettings settings;
            int generation;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.Count > 0)
                {
                    return _idle.Pop();
                }
                settings = _settings;
                generation = _generation;
            }
            var function = await RustLambdaFunction.StartAsync(settings.Definition.BootstrapPath, CreateOptions(settings), ct).ConfigureAwait(false);
            var started = new Instance(function, generation);
            bool keep;
            lock (_lock)
            {
                keep = !_disposed;
                if (keep)
                {
                    _all.Add(started);
                }
            }
            if (!keep)
            {
                await function.DisposeAsync().ConfigureAwait(false);
                throw new ObjectDisposedException(nameof(WarmFunctionPool));
            }
            return started;
        }

        private async Task ReturnAsync(Instance instance)
        {
            bool stale;
            lock (_lock)
            {
                stale = _disposed || instance.Generation != _generation;
                if (stale)
                {
                    _all.Remove(instance);
                }
                else
                {
                    _idle.Push(instance);
                }
            }
            if (stale)
            {
                await instance.Function.DisposeAsync().ConfigureAwait(false);
            }
        }

        private RustLambdaFunctionOptions CreateOptions(FunctionSettings settings)
        {
            var definition = settings.Definition;
            var options = new RustLambdaFunctionOptions
            {
                FunctionName = definition.LogicalId,
                Handler = definition.Handler,
                MemorySizeMb = definition.MemorySizeMb,
                Timeout = TimeSpan.FromSeconds(definition.TimeoutSeconds),
                Architecture = definition.Architecture,
                Region = settings.Region,
                Log = _logFactory(definition.LogicalId),
            };
            foreach (var pair in settings.Environment)
            {
                options.EnvironmentVariables[pair.Key] = pair.Value;
            }
            return options;
        }

        private static InvocationOutcome ToOutcome(InvocationResult result) => new()
        {
            Kind = result.FailureKind switch
            {
                InvocationFailureKind.None => InvocationOutcomeKind.Success,
                InvocationFailureKind.FunctionError => InvocationOutcomeKind.FunctionError,
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

        private sealed class Instance
        {
            public Instance(RustLambdaFunction function, int generation)
            {
                Function = function;
                Generation = generation;
            }

            public RustLambdaFunction Function { get; }
            public int Generation { get; }
        }
    }
}
