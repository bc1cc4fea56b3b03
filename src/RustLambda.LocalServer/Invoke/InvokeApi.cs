using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RustLambda.LocalServer.Functions;
using RustLambda.LocalServer.Responses;

namespace RustLambda.LocalServer.Invoke
{
    /// <summary>
    /// Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`), so `aws lambda invoke --endpoint-url` and the
    /// AWS SDKs work locally: RequestResponse 200 with the payload (a function error is 200 with X-Amz-Function-Error:
    /// Unhandled and Lambda's error JSON), Event 202, DryRun 204; an unknown function 404 ResourceNotFoundException, a
    /// payload over 6 MB 413 RequestEntityTooLargeException, a body that is not JSON 400 InvalidRequestContentException.
    /// </summary>
    public sealed class InvokeApi
    {
        public const string PathPrefix = "/2015-03-31/functions/";
        public const string PathSuffix = "/invocations";

        private readonly IFunctionInvoker _invoker;
        private readonly string _region;
        private readonly ConcurrentDictionary<Task, bool> _background = new();

        public InvokeApi(IFunctionInvoker invoker, string region)
        {
            _invoker = invoker;
            _region = region;
        }

        /// <summary>The function named in an Invoke path segment: a name, `name:qualifier`, or a function ARN.</summary>
        public static string FunctionNameOf(string nameOrArn)
        {
            string name = nameOrArn;
            int marker = name.IndexOf(":function:", StringComparison.Ordinal);
            if (name.StartsWith("arn:", StringComparison.Ordinal) && marker >= 0)
            {
                name = name.Substring(marker + ":function:".Length);
            }
            int colon = name.IndexOf(':');
            return colon < 0 ? name : name.Substring(0, colon);
        }

        public async Task<HttpReply> InvokeAsync(string nameOrArn, string? invocationType, string? logType, byte[] body, CancellationToken ct)
        {
            string name = FunctionNameOf(nameOrArn);
            if (!_invoker.HasFunction(name))
            {
                return Error(404, "ResourceNotFoundException", $"Function not found: arn:aws:lambda:{_region}:{Events.ProxyEventBuilder.AccountId}:function:{name}");
            }
            if (body.Length > FunctionLimits.MaxPayloadBytes)
            {
                return Error(413, "RequestEntityTooLargeException", $"{body.Length} byte payload is too large for the RequestResponse invocation type ({FunctionLimits.MaxPayloadBytes} bytes)");
            }
            string payload = body.Length == 0 ? "{}" : Encoding.UTF8.GetString(body);
            try
            {
                using var _ = JsonDocument.Parse(payload);
            }
            catch (JsonException)
            {
                return Error(400, "InvalidRequestContentException", "Could not parse request body into json: the payload is not valid JSON.");
            }

            switch (invocationType ?? "RequestResponse")
            {
                case "DryRun":
                    return new HttpReply { StatusCode = 204 };
                case "Event":
                    // Queued as Lambda queues it: the caller gets 202 at once; the outcome goes to the log only.
                    var run = Task.Run(() => _invoker.InvokeAsync(name, payload, ct), CancellationToken.None);
                    _background[run] = true;
                    _ = run.ContinueWith(t => _background.TryRemove(t, out bool _), TaskScheduler.Default);
                    return new HttpReply { StatusCode = 202 };
                case "RequestResponse":
                    break;
                default:
                    return Error(400, "InvalidParameterValueException", $"X-Amz-Invocation-Type '{invocationType}' is not one of RequestResponse, Event, DryRun.");
            }

            var outcome = await _invoker.InvokeAsync(name, payload, ct).ConfigureAwait(false);
            var reply = new HttpReply { StatusCode = 200 };
            reply.Headers.Add(new("Content-Type", "application/json"));
            reply.Headers.Add(new("X-Amz-Executed-Version", "$LATEST"));
            reply.Headers.Add(new("X-Amzn-RequestId", outcome.RequestId));
            if (string.Equals(logType, "Tail", StringComparison.OrdinalIgnoreCase))
            {
                // Lambda returns the last 4 KB of the invocation's log, base64-encoded.
                var log = Encoding.UTF8.GetBytes(outcome.Log);
                reply.Headers.Add(new("X-Amz-Log-Result", Convert.ToBase64String(log, Math.Max(0, log.Length - 4096), Math.Min(log.Length, 4096))));
            }
            if (outcome.IsSuccess)
            {
                return new HttpReply { StatusCode = 200, Headers = reply.Headers, Body = Encoding.UTF8.GetBytes(outcome.Payload ?? "") };
            }
            reply.Headers.Add(new("X-Amz-Function-Error", "Unhandled"));
            return new HttpReply { StatusCode = 200, Headers = reply.Headers, Body = Encoding.UTF8.GetBytes(outcome.ErrorDocument()) };
        }

        /// <summary>Waits for Event invocations still running (at shutdown).</summary>
        public Task DrainAsync() => Task.WhenAll(_background.Keys.ToArray());

        /// <summary>An Invoke API error: the type in x-amzn-ErrorType and the body, as the AWS SDKs parse it.</summary>
        public static HttpReply Error(int status, string type, string message) =>
            HttpReply.Json(status, JsonSerializer.Serialize(new { Type = "User", message }, Events.EventJson.Options), ("x-amzn-ErrorType", type));
    }
}
