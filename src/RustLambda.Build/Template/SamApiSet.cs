using System.Collections.Generic;

namespace RustLambda.Build.Template
{
    /// <summary>What a template serves over HTTP: its APIs, the routes of its functions' events, and their Function URLs.</summary>
    public sealed class SamApiSet
    {
        public List<SamApi> Apis { get; } = new List<SamApi>();
        public List<SamApiRoute> Routes { get; } = new List<SamApiRoute>();
        public List<SamFunctionUrl> FunctionUrls { get; } = new List<SamFunctionUrl>();
    }
}
