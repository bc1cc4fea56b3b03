using System;
using System.Collections.Generic;

namespace RustLambda.LocalServer.Events
{
    /// <summary>Where a request landed, as the event describes it: API, stage, route and its path parameters.</summary>
    public sealed class EventTarget
    {
        public EventSource Source { get; init; }
        public string ApiId { get; init; } = "";
        public string Stage { get; init; } = "$default";

        /// <summary>`routeKey` (2.0): `GET /items/{id}` or `$default`.</summary>
        public string RouteKey { get; init; } = "$default";

        /// <summary>`resource` / `requestContext.resourcePath` (1.0): the route's path template.</summary>
        public string ResourcePath { get; init; } = "/";

        public string HttpMethodOfRoute { get; init; } = "ANY";
        public IReadOnlyDictionary<string, string>? PathParameters { get; init; }
        public IReadOnlyDictionary<string, string> StageVariables { get; init; } = new Dictionary<string, string>();
        public IReadOnlyCollection<string> BinaryMediaTypes { get; init; } = Array.Empty<string>();
    }

    public enum EventSource
    {
        /// <summary>A REST API (`Api` event): payload 1.0.</summary>
        RestApi,

        /// <summary>An HTTP API (`HttpApi` event): payload 2.0, or 1.0 when the event says so.</summary>
        HttpApi,

        /// <summary>A Function URL: payload 2.0.</summary>
        FunctionUrl,
    }
}
