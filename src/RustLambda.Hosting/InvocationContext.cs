namespace RustLambda.Hosting
{
    /// <summary>Optional per-invocation values, as an Invoke request can carry them; anything left null is generated.</summary>
    public sealed class InvocationContext
    {
        /// <summary>The request id (<c>Lambda-Runtime-Aws-Request-Id</c>); default a new GUID.</summary>
        public string? RequestId { get; set; }

        /// <summary>The X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>); default a new, unsampled root.</summary>
        public string? TraceId { get; set; }

        /// <summary>The client context JSON (<c>Lambda-Runtime-Client-Context</c>), already decoded from base64.</summary>
        public string? ClientContext { get; set; }

        /// <summary>The Cognito identity JSON (<c>Lambda-Runtime-Cognito-Identity</c>).</summary>
        public string? CognitoIdentity { get; set; }
    }
}
