using System.Threading.Tasks;
using RustLambda.Hosting.RuntimeApi;

namespace RustLambda.Hosting.Instances
{
    /// <summary>
    /// A Runtime API endpoint on its own port, serving one instance at a time. A pool keeps its slots for its lifetime,
    /// so the instance that replaces a crashed one talks to the same address.
    /// </summary>
    internal sealed class InstanceSlot
    {
        private readonly RuntimeApiEndpoint _endpoint;
        private readonly RuntimeApiServer _server;

        public InstanceSlot()
        {
            _endpoint = new RuntimeApiEndpoint();
            _server = RuntimeApiServer.Start(_endpoint.HandleAsync);
        }

        /// <summary><c>127.0.0.1:port</c>, given to the function as <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
        public string Address => _server.HostAndPort;

        public FunctionInstance? Instance => _endpoint.Instance;

        public void Attach(FunctionInstance instance) => _endpoint.Attach(instance);

        public void Detach(FunctionInstance instance) => _endpoint.Detach(instance);

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
