using System.Threading.Tasks;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>Holds requests while a rebuild runs, so none is answered by a binary that is about to be replaced.</summary>
    public sealed class RebuildGate
    {
        private readonly object _lock = new();
        private TaskCompletionSource? _closed;

        public bool IsClosed
        {
            get { lock (_lock) { return _closed != null; } }
        }

        public Task WaitAsync()
        {
            lock (_lock)
            {
                return _closed?.Task ?? Task.CompletedTask;
            }
        }

        public void Close()
        {
            lock (_lock)
            {
                _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Open()
        {
            TaskCompletionSource? closed;
            lock (_lock)
            {
                closed = _closed;
                _closed = null;
            }
            closed?.TrySetResult();
        }
    }
}
