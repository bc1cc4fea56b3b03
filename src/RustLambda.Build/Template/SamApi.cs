using System.Collections.Generic;

namespace RustLambda.Build.Template
{
    /// <summary>The two kinds of API Gateway API a SAM template declares: REST (`Api`) and HTTP (`HttpApi`).</summary>
    public enum SamApiKind
    {
        Rest,
        Http,
    }

    /// <summary>
    /// An API the functions' events mount on: an explicit AWS::Serverless::Api / HttpApi resource, or the implicit one SAM
    /// creates (ServerlessRestApi, stage Prod; ServerlessHttpApi, stage $default) for events that name no API.
    /// </summary>
    public sealed class SamApi
    {
        public const string ImplicitRestApiId = "ServerlessRestApi";
        public const string ImplicitHttpApiId = "ServerlessHttpApi";

        public string LogicalId { get; set; } = "";
        public SamApiKind Kind { get; set; }
        public bool IsImplicit { get; set; }
        public string StageName { get; set; } = "";
        public List<string> BinaryMediaTypes { get; set; } = new List<string>();
        public Dictionary<string, string> StageVariables { get; set; } = new Dictionary<string, string>();
    }
}
