using System;
using System.Collections.Generic;
using System.Text;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>A request that cannot be parsed: answered with <see cref="Status"/> and the connection closed.</summary>
    internal sealed class HttpProtocolException : Exception
    {
        public HttpProtocolException(int status, string message)
            : base(message)
        {
            Status = status;
        }

        public int Status { get; }
    }
}
