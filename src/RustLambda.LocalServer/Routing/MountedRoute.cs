using RustLambda.Build.Template;

namespace RustLambda.LocalServer.Routing
{
    /// <summary>A route as served: the template's event, its API, and the parsed path.</summary>
    public sealed class MountedRoute
    {
        public MountedRoute(SamApiRoute definition, SamApi api, int order)
        {
            Definition = definition;
            Api = api;
            Template = RouteTemplate.Parse(definition.Path);
            Order = order;
        }

        public SamApiRoute Definition { get; }
        public SamApi Api { get; }
        public RouteTemplate Template { get; }

        /// <summary>Position in the template, the last tie-breaker.</summary>
        public int Order { get; }

        public string FunctionLogicalId => Definition.FunctionLogicalId;
        public bool IsAnyMethod => Definition.Method == "ANY";

        /// <summary>The event's `routeKey` (2.0) / `resource` (1.0): `GET /items/{id}`, `ANY /{proxy+}`, `$default`.</summary>
        public string RouteKey => Template.IsDefault ? "$default" : $"{Definition.Method} {Definition.Path}";

        public string EventKind => Definition.Kind == SamApiKind.Rest ? "Api (REST, payload 1.0)" : $"HttpApi (payload {Definition.PayloadFormatVersion})";
    }
}
