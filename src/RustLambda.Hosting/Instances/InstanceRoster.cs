using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RustLambda.Hosting.Logging;

namespace RustLambda.Hosting.Instances
{
    /// <summary>
    /// Which instances of a pool exist and in what state: idle and warm, busy, or being stopped; the Runtime API slots they
    /// use; and the function version new instances start from. Thread-safe; it never waits while holding its lock.
    /// </summary>
    internal sealed class InstanceRoster
    {
        private readonly object _lock = new object();
        private readonly SerializedLogSink _sink;
        private readonly List<InstanceSlot> _slots = new List<InstanceSlot>();
        private readonly Stack<InstanceSlot> _freeSlots = new Stack<InstanceSlot>();
        private readonly Stack<FunctionInstance> _idle = new Stack<FunctionInstance>();
        private readonly HashSet<FunctionInstance> _live = new HashSet<FunctionInstance>();
        private FunctionVersion _version;
        private int _nextInstanceId;
        private bool _closed;

        /// <summary>Starts with <paramref name="version"/> and one slot, so that the first address is known before any process.</summary>
        public InstanceRoster(FunctionVersion version, SerializedLogSink sink)
        {
            _version = version;
            _sink = sink;
            _freeSlots.Push(NewSlot());
        }

        /// <summary>The version new instances start from.</summary>
        public FunctionVersion Current
        {
            get
            {
                lock (_lock)
                {
                    return _version;
                }
            }
        }

        /// <summary>The Runtime API address of the first slot: with one instance at a time, the one every instance uses.</summary>
        public string PrimaryAddress => _slots[0].Address;

        public bool HasIdle
        {
            get
            {
                lock (_lock)
                {
                    return _idle.Count > 0;
                }
            }
        }

        /// <summary>The ids of the processes running now (not exited, not being stopped), oldest instance first.</summary>
        public IReadOnlyList<int> ProcessIds
        {
            get
            {
                lock (_lock)
                {
                    return _live.Where(i => !i.IsStopping && !i.HasExited && i.ProcessId.HasValue).OrderBy(i => i.Id).Select(i => i.ProcessId!.Value).ToList();
                }
            }
        }

        /// <summary>A warm, idle instance of the current version, or null. Instances found dead meanwhile are retired.</summary>
        public FunctionInstance? TakeIdle()
        {
            lock (_lock)
            {
                while (_idle.Count > 0)
                {
                    var instance = _idle.Pop();
                    if (instance.IsHealthy && instance.Version == _version)
                    {
                        return instance;
                    }
                    // Exited while idle (a crash between invocations): stop what is left of it.
                    _ = RetireAsync(instance);
                }
                return null;
            }
        }

        /// <summary>Starts a new instance of the current version in a free slot, its output captured for <paramref name="requestId"/> from its first line.</summary>
        /// <exception cref="ObjectDisposedException">The roster is closed.</exception>
        /// <exception cref="InvalidOperationException">The process could not be started.</exception>
        public FunctionInstance Start(string? requestId)
        {
            FunctionInstance instance;
            InstanceSlot slot;
            lock (_lock)
            {
                if (_closed)
                {
                    throw new ObjectDisposedException(nameof(FunctionInstancePool));
                }
                slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : NewSlot();
                var version = _version;
                version.AddInstance();
                instance = new FunctionInstance(++_nextInstanceId, version, slot, _sink);
                _live.Add(instance);
            }
            instance.Log.BeginCapture(requestId);
            try
            {
                instance.Start();
            }
            catch
            {
                lock (_lock)
                {
                    _live.Remove(instance);
                    _freeSlots.Push(slot);
                }
                instance.Version.RemoveInstance();
                throw;
            }
            return instance;
        }

        /// <summary>After an invocation: a healthy instance of the current version waits for the next; any other is stopped.</summary>
        public Task ReturnAsync(FunctionInstance instance)
        {
            lock (_lock)
            {
                if (!_closed && instance.IsHealthy && instance.Version == _version)
                {
                    _idle.Push(instance);
                    return Task.CompletedTask;
                }
            }
            return RetireAsync(instance);
        }

        /// <summary>Stops an instance and frees its slot; the first caller for an instance also releases what it holds.</summary>
        public async Task RetireAsync(FunctionInstance instance, TimeSpan grace = default)
        {
            await instance.StopAsync(grace).ConfigureAwait(false);
            bool owner;
            lock (_lock)
            {
                owner = _live.Remove(instance);
                if (owner && !_closed)
                {
                    _freeSlots.Push(instance.Slot);
                }
            }
            if (owner)
            {
                instance.Release();
                instance.Version.RemoveInstance();
            }
        }

        /// <summary>New instances start from <paramref name="next"/>; the old version is retired and its idle instances stopped.</summary>
        /// <exception cref="ObjectDisposedException">The roster is closed.</exception>
        public Task ReplaceAsync(FunctionVersion next)
        {
            FunctionVersion old;
            List<FunctionInstance> idle;
            lock (_lock)
            {
                if (_closed)
                {
                    throw new ObjectDisposedException(nameof(FunctionInstancePool));
                }
                old = _version;
                _version = next;
                idle = _idle.ToList();
                _idle.Clear();
            }
            old.Retire();
            return Task.WhenAll(idle.Select(i => RetireAsync(i)));
        }

        /// <summary>No instance starts or idles any more; returns those that exist now.</summary>
        public List<FunctionInstance> Close()
        {
            lock (_lock)
            {
                _closed = true;
                _idle.Clear();
                return _live.ToList();
            }
        }

        /// <summary>After <see cref="Close"/>: retires what is left, stops the endpoints and deletes the current version's files.</summary>
        public async Task DisposeAsync()
        {
            List<FunctionInstance> live;
            lock (_lock)
            {
                live = _live.ToList();
            }
            await Task.WhenAll(live.Select(i => RetireAsync(i))).ConfigureAwait(false);
            foreach (var slot in _slots)
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }
            Current.Retire();
        }

        /// <summary>A new Runtime API endpoint; called under <see cref="_lock"/> (or from the constructor).</summary>
        private InstanceSlot NewSlot()
        {
            var slot = new InstanceSlot();
            _slots.Add(slot);
            return slot;
        }
    }
}
