using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>
    /// Every served function's <see cref="WarmFunctionPool"/>. <see cref="ApplyAsync"/> takes the functions of a (re)build:
    /// pools of unchanged functions keep their warm processes, changed ones are replaced, removed ones stopped.
    /// </summary>
    public sealed class FunctionFleet : IFunctionInvoker, IAsyncDisposable
    {
        private readonly int _maxInstances;
        private readonly Func<string, RustLambda.Hosting.IFunctionLogSink> _logFactory;
        private readonly SemaphoreSlim _applyLock = new(1, 1);
        private volatile Dictionary<string, WarmFunctionPool> _pools = new(StringComparer.Ordinal);

        public FunctionFleet(int maxInstances, Func<string, RustLambda.Hosting.IFunctionLogSink> logFactory)
        {
            _maxInstances = maxInstances;
            _logFactory = logFactory;
        }

        public IReadOnlyCollection<string> FunctionIds => _pools.Keys;

        public WarmFunctionPool? Pool(string logicalId) => _pools.TryGetValue(logicalId, out var pool) ? pool : null;

        public bool HasFunction(string logicalId) => _pools.ContainsKey(logicalId);

        public Task<InvocationOutcome> InvokeAsync(string logicalId, string payload, CancellationToken ct)
        {
            if (!_pools.TryGetValue(logicalId, out var pool))
            {
                throw new KeyNotFoundException($"No function {logicalId} is served.");
            }
            return pool.InvokeAsync(payload, ct);
        }

        /// <returns>The logical ids whose processes were replaced (new or changed).</returns>
        public async Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<FunctionSettings> functions)
        {
            await _applyLock.WaitAsync().ConfigureAwait(false);
            try
            {
                var current = _pools;
                var next = new Dictionary<string, WarmFunctionPool>(StringComparer.Ordinal);
                var changed = new List<string>();
                var work = new List<Task>();
                foreach (var settings in functions)
                {
                    if (current.TryGetValue(settings.LogicalId, out var pool))
                    {
                        next[settings.LogicalId] = pool;
                        if (pool.Settings.DiffersFrom(settings))
                        {
                            changed.Add(settings.LogicalId);
                            // Preparing a version extracts its zip synchronously: on a thread each, changed functions extract side by side.
                            work.Add(Task.Run(() => ReplaceReportingAsync(pool, settings)));
                        }
                    }
                    else
                    {
                        next[settings.LogicalId] = new WarmFunctionPool(settings, _maxInstances, _logFactory(settings.LogicalId));
                        changed.Add(settings.LogicalId);
                    }
                }
                _pools = next;
                foreach (var removed in current.Where(p => !next.ContainsKey(p.Key)))
                {
                    work.Add(removed.Value.DisposeAsync().AsTask());
                }
                await Task.WhenAll(work).ConfigureAwait(false);
                return changed;
            }
            finally
            {
                _applyLock.Release();
            }
        }

        /// <summary>A new build that cannot be started (the previous one keeps serving); the host prints it.</summary>
        public event Action<string>? ReplaceFailed;

        private async Task ReplaceReportingAsync(WarmFunctionPool pool, FunctionSettings settings)
        {
            try
            {
                await pool.Replace(settings).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                ReplaceFailed?.Invoke(ex.Message);
            }
        }

        public async ValueTask DisposeAsync()
        {
            var pools = _pools;
            _pools = new Dictionary<string, WarmFunctionPool>(StringComparer.Ordinal);
            await Task.WhenAll(pools.Values.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }
}
