using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using RustLambda.Build.Template;
using RustLambda.LocalServer.Events;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Invoke;
using RustLambda.LocalServer.Responses;

namespace RustLambda.LocalServer.Serving
{
    /// <summary>
    /// Answers every request: the health check, the Invoke API, Function URLs (`/lambda-url/&lt;LogicalId&gt;/...`), then the
    /// template's API routes; unmatched paths as API Gateway answers them (REST 403 Missing Authentication Token, HTTP API
    /// 404). An exception here answers 500 and is logged; it never stops the server.
    /// </summary>
    public sealed class RequestDispatcher
    {
        public const string HealthPath = "/__rustlambda/health";
        public const string FunctionUrlPrefix = "/lambda-url/";

        private readonly Func<ServedApplication> _application;
        private readonly IFunctionInvoker _invoker;
        private readonly InvokeApi _invokeApi;
        private readonly RebuildGate _gate;
        private readonly ConsoleOutput _console;
        private readonly CancellationToken _stopping;

        public RequestDispatcher(Func<ServedApplication> application, IFunctionInvoker invoker, InvokeApi invokeApi, RebuildGate gate, ConsoleOutput console, CancellationToken stopping)
        {
            _application = application;
            _invoker = invoker;
            _invokeApi = invokeApi;
            _gate = gate;
            _console = console;
            _stopping = stopping;
        }

        public async Task HandleAsync(HttpContext context)
        {
            try
            {
                var reply = await DispatchAsync(context).ConfigureAwait(false);
                await WriteAsync(context, reply).ConfigureAwait(false);
            }
            catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && (ex is OperationCanceledException || ex is IOException || ex is BadHttpRequestException))
            {
                // The client went away; its invocation (if any) finished or will, and nobody is left to answer.
            }
            catch (BadHttpRequestException ex)
            {
                if (!context.Response.HasStarted)
                {
                    await WriteAsync(context, HttpReply.Json(ex.StatusCode, "{\"message\":\"Bad Request\"}")).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                _console.Line($"error: {context.Request.Method} {context.Request.Path}: {ex.GetType().Name}: {ex.Message}");
                if (!context.Response.HasStarted)
                {
                    await WriteAsync(context, HttpReply.Json(500, "{\"message\":\"Internal Server Error\"}")).ConfigureAwait(false);
                }
            }
        }

        private async Task<HttpReply> DispatchAsync(HttpContext context)
        {
            var request = context.Request;
            string path = request.Path.HasValue ? request.Path.Value! : "/";
            if (path == HealthPath && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                return HttpReply.Json(200, "{\"status\":\"ok\"}");
            }

            await _gate.WaitAsync().WaitAsync(context.RequestAborted).ConfigureAwait(false);
            var application = _application();

            var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
            if (path.StartsWith(InvokeApi.PathPrefix, StringComparison.Ordinal) && path.EndsWith(InvokeApi.PathSuffix, StringComparison.Ordinal))
            {
                if (!HttpMethods.IsPost(request.Method))
                {
                    return InvokeApi.Error(405, "MethodNotAllowedException", "The Invoke API takes POST.");
                }
                string name = path.Substring(InvokeApi.PathPrefix.Length, path.Length - InvokeApi.PathPrefix.Length - InvokeApi.PathSuffix.Length);
                if (body == null)
                {
                    return InvokeApi.Error(413, "RequestEntityTooLargeException", $"Request must be smaller than {FunctionLimits.MaxPayloadBytes} bytes for the InvokeFunction operation");
                }
                var started = Stopwatch.StartNew();
                var reply = await _invokeApi.InvokeAsync(name, request.Headers["X-Amz-Invocation-Type"].FirstOrDefault(), request.Headers["X-Amz-Log-Type"].FirstOrDefault(), body, _stopping).ConfigureAwait(false);
                _console.Line($"{request.Method} {path} -> {reply.StatusCode}{(reply.Headers.Any(h => h.Key == "X-Amz-Function-Error") ? " (function error)" : "")} ({started.ElapsedMilliseconds} ms)");
                return reply;
            }

            var incoming = Snapshot(context, body ?? Array.Empty<byte>());
            if (path.StartsWith(FunctionUrlPrefix, StringComparison.Ordinal))
            {
                string rest = path.Substring(FunctionUrlPrefix.Length);
                int slash = rest.IndexOf('/');
                string id = slash < 0 ? rest : rest.Substring(0, slash);
                if (!application.FunctionUrls.ContainsKey(id))
                {
                    return HttpReply.Json(404, $"{{\"message\":\"No function with a FunctionUrlConfig is named '{id.Replace("\"", "")}'\"}}");
                }
                if (body == null)
                {
                    return HttpReply.Json(413, "{\"message\":\"Request Entity Too Large\"}");
                }
                string prefix = FunctionUrlPrefix + id;
                var urlRequest = new IncomingRequest
                {
                    Method = incoming.Method,
                    Path = slash < 0 ? "/" : rest.Substring(slash),
                    RawPath = StripPrefix(incoming.RawPath, prefix),
                    RawQueryString = incoming.RawQueryString,
                    Headers = incoming.Headers,
                    Body = incoming.Body,
                    SourceIp = incoming.SourceIp,
                    Protocol = incoming.Protocol,
                    LocalPort = incoming.LocalPort,
                };
                var target = new EventTarget { Source = EventSource.FunctionUrl, ApiId = id, Stage = "$default", RouteKey = "$default" };
                return await InvokeForHttpAsync(id, ProxyEventBuilder.BuildV2(urlRequest, target), EventSource.FunctionUrl, "2.0", $"{request.Method} {path}").ConfigureAwait(false);
            }

            var match = application.Routes.Match(request.Method, path);
            if (match == null)
            {
                return application.Routes.HasRestRoutes
                    ? HttpReply.Json(403, "{\"message\":\"Missing Authentication Token\"}", ("x-amzn-ErrorType", "MissingAuthenticationTokenException"))
                    : HttpReply.Json(404, "{\"message\":\"Not Found\"}");
            }
            if (body == null)
            {
                return HttpReply.Json(413, "{\"message\":\"Request Entity Too Large\"}");
            }
            var route = match.Route;
            var source = route.Definition.Kind == SamApiKind.Rest ? EventSource.RestApi : EventSource.HttpApi;
            var eventTarget = new EventTarget
            {
                Source = source,
                ApiId = route.Api.LogicalId,
                Stage = route.Api.StageName,
                RouteKey = route.RouteKey,
                ResourcePath = route.Template.IsDefault ? "$default" : route.Definition.Path,
                HttpMethodOfRoute = route.Definition.Method,
                PathParameters = match.PathParameters,
                StageVariables = route.Api.StageVariables,
                BinaryMediaTypes = route.Api.BinaryMediaTypes,
            };
            string version = route.Definition.PayloadFormatVersion;
            var payload = version == "2.0" ? ProxyEventBuilder.BuildV2(incoming, eventTarget) : ProxyEventBuilder.BuildV1(incoming, eventTarget);
            return await InvokeForHttpAsync(route.FunctionLogicalId, payload, source, version, $"{request.Method} {path}").ConfigureAwait(false);
        }

        private async Task<HttpReply> InvokeForHttpAsync(string logicalId, JsonObject payload, EventSource source, string version, string what)
        {
            string json = payload.ToJsonString(EventJson.Options);
            if (Encoding.UTF8.GetByteCount(json) > FunctionLimits.MaxPayloadBytes)
            {
                _console.Line($"{what} -> 413: the event is over Lambda's {FunctionLimits.MaxPayloadBytes}-byte limit");
                return HttpReply.Json(413, "{\"message\":\"Request Entity Too Large\"}");
            }
            if (!_invoker.HasFunction(logicalId))
            {
                return HttpReply.Json(502, "{\"message\":\"No function defined for resource method\"}");
            }
            var started = Stopwatch.StartNew();
            var outcome = await _invoker.InvokeAsync(logicalId, json, _stopping).ConfigureAwait(false);
            var reply = ProxyResponseMapper.Map(outcome, source, version, out var problem);
            _console.Line(problem == null
                ? $"{what} -> {logicalId} {reply.StatusCode} ({started.ElapsedMilliseconds} ms)"
                : $"{what} -> {logicalId} {reply.StatusCode} ({started.ElapsedMilliseconds} ms): {problem}");
            return reply;
        }

        /// <summary>The body, or null when it exceeds Lambda's payload limit (read no further than that).</summary>
        private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
        {
            if (request.ContentLength > FunctionLimits.MaxPayloadBytes)
            {
                return null;
            }
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > FunctionLimits.MaxPayloadBytes)
                {
                    return null;
                }
            }
            return buffer.ToArray();
        }

        private static IncomingRequest Snapshot(HttpContext context, byte[] body)
        {
            var request = context.Request;
            string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
            int question = rawTarget.IndexOf('?');
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var header in request.Headers)
            {
                foreach (var value in header.Value)
                {
                    headers.Add(new KeyValuePair<string, string>(header.Key, value ?? ""));
                }
            }
            return new IncomingRequest
            {
                Method = request.Method,
                Path = request.Path.HasValue ? request.Path.Value! : "/",
                RawPath = question < 0 ? rawTarget : rawTarget.Substring(0, question),
                RawQueryString = question < 0 ? "" : rawTarget.Substring(question + 1),
                Headers = headers,
                Body = body,
                SourceIp = context.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1",
                Protocol = request.Protocol,
                LocalPort = context.Connection.LocalPort,
            };
        }

        private static string StripPrefix(string rawPath, string prefix)
        {
            string rest = rawPath.StartsWith(prefix, StringComparison.Ordinal) ? rawPath.Substring(prefix.Length) : rawPath;
            return rest.Length == 0 ? "/" : rest;
        }

        private static async Task WriteAsync(HttpContext context, HttpReply reply)
        {
            var response = context.Response;
            response.StatusCode = reply.StatusCode;
            foreach (var group in reply.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                response.Headers[group.Key] = new StringValues(group.Select(h => h.Value).ToArray());
            }
            if (reply.Body.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
            {
                response.ContentLength = reply.Body.Length;
                await response.Body.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
