using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>Runs an invocation of a function of the served template. Implementations keep processes warm.</summary>
    public interface IFunctionInvoker
    {
        bool HasFunction(string logicalId);

        /// <param name="ct">Only the server's shutdown: a client going away does not cut an invocation (Lambda's doesn't either).</param>
        Task<InvocationOutcome> InvokeAsync(string logicalId, string payload, CancellationToken ct);
    }
}
