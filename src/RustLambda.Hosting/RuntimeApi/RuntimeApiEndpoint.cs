using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using RustLambda.Hosting.Instances;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>
    /// The routes and status codes of the Lambda Runtime API (2018-06-01) for the instance attached to one
    /// <see cref="InstanceSlot"/>: <c>GET invocation/next</c> (a long poll), <c>POST invocation/{id}/response</c> and
    /// <c>/error</c>, <c>POST init/error</c>; anything else is 404 or 405, as Lambda answers.
    /// </summary>
    internal sealed class RuntimeApiEndpoint
    {
        private const string ApiPrefix = "/2018-06-01/runtime/";

        private FunctionInstance? _instance;

        /// <summary>The instance whose runtime this endpoint serves now, if any.</summary>
        public FunctionInstance? Instance => Volatile.Read(ref _instance);

        public void Attach(FunctionInstance instance) => Volatile.Write(ref _instance, instance);

        public void Detach(FunctionInstance instance) => Interlocked.CompareExchange(ref _instance, null, instance);

        public Task<RuntimeApiResponse> HandleAsync(RuntimeApiRequest request, CancellationToken connectionClosed)
        {
            string path = request.Path;
            if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
            {
                return Task.FromResult(NotFound(request));
            }
            string route = path.Substring(ApiPrefix.Length);
            if (route == "invocation/next")
            {
                return request.Method == "GET" ? NextInvocationAsync(connectionClosed) : Task.FromResult(MethodNotAllowed(request, "GET"));
            }
            if (route == "init/error")
            {
                return Task.FromResult(request.Method == "POST" ? InitError(request) : MethodNotAllowed(request, "POST"));
            }
            var parts = route.Split('/');
            if (parts.Length == 3 && parts[0] == "invocation" && (parts[2] == "response" || parts[2] == "error"))
            {
                if (request.Method != "POST")
                {
                    return Task.FromResult(MethodNotAllowed(request, "POST"));
                }
                return Task.FromResult(InvocationAnswered(request, Uri.UnescapeDataString(parts[1]), parts[2] == "response"));
            }
            return Task.FromResult(NotFound(request));
        }

        private async Task<RuntimeApiResponse> NextInvocationAsync(CancellationToken connectionClosed)
        {
            var instance = Instance;
            if (instance == null || instance.IsStopping)
            {
                return ShuttingDown();
            }
            if (instance.InitError.Task.IsCompleted)
            {
                return StateTransitionFailed("InitError", "Ready");
            }
            if (!instance.Ready.Task.IsCompleted)
            {
                instance.InitDuration = Stopwatch.GetElapsedTime(instance.StartTimestamp);
                instance.Ready.TrySetResult();
            }
            // Back for more after answering: the invocation is over for the runtime.
            var current = instance.Current;
            if (current != null && current.Answer.Task.IsCompleted)
            {
                current.RuntimeReturned.TrySetResult();
            }

            Invocation invocation;
            try
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, instance.StoppingToken.Token);
                invocation = await instance.Events.Reader.ReadAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException || e is ChannelClosedException || e is ObjectDisposedException)
            {
                return ShuttingDown();
            }

            invocation.Delivered = true;
            var response = new RuntimeApiResponse(200, invocation.Payload, "application/json");
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Aws-Request-Id", invocation.RequestId));
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Deadline-Ms", invocation.DeadlineUnixMs.ToString(CultureInfo.InvariantCulture)));
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Invoked-Function-Arn", invocation.FunctionArn));
            response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Trace-Id", invocation.TraceId));
            if (!string.IsNullOrEmpty(invocation.ClientContext))
            {
                response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Client-Context", invocation.ClientContext!));
            }
            if (!string.IsNullOrEmpty(invocation.CognitoIdentity))
            {
                response.Headers.Add(new KeyValuePair<string, string>("Lambda-Runtime-Cognito-Identity", invocation.CognitoIdentity!));
            }
            response.OnSendFailed = () =>
            {
                // The runtime went away before it got the event: keep it for its next request.
                invocation.Delivered = false;
                instance.Events.Writer.TryWrite(invocation);
            };
            return response;
        }

        private RuntimeApiResponse InvocationAnswered(RuntimeApiRequest request, string requestId, bool isResponse)
        {
            var invocation = Instance?.Current;
            if (invocation == null || invocation.RequestId != requestId || !invocation.Delivered || invocation.Answer.Task.IsCompleted)
            {
                var invalid = RuntimeApiResponse.Error(400, "InvalidRequestID", "Invalid request ID");
                invalid.Close = request.MustClose;
                return invalid;
            }
            if (request.BodyTooLarge)
            {
                string message = $"Response payload size exceeded maximum allowed payload size ({RuntimeApiServer.MaxBodyBytes} bytes).";
                invocation.Answer.TrySetResult(InvocationAnswer.Failure(new ReportedError(
                    "Function.ResponseSizeTooLarge", message, LambdaJson.Error("Function.ResponseSizeTooLarge", message))));
                var tooLarge = RuntimeApiResponse.Error(413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({RuntimeApiServer.MaxBodyBytes} bytes).");
                tooLarge.Close = request.MustClose;
                return tooLarge;
            }
            var answer = isResponse
                ? InvocationAnswer.Success(LambdaJson.DecodeUtf8(request.Body))
                : InvocationAnswer.Failure(LambdaJson.ParseReportedError(request.Body, request.Header("Lambda-Runtime-Function-Error-Type")));
            if (!invocation.Answer.TrySetResult(answer))
            {
                return RuntimeApiResponse.Error(400, "InvalidRequestID", "Invalid request ID");
            }
            return RuntimeApiResponse.Accepted();
        }

        private RuntimeApiResponse InitError(RuntimeApiRequest request)
        {
            var instance = Instance;
            if (instance == null || instance.IsStopping || instance.Ready.Task.IsCompleted || instance.InitError.Task.IsCompleted)
            {
                var refused = StateTransitionFailed(instance != null && instance.Ready.Task.IsCompleted ? "Ready" : "InitError", "InitError");
                refused.Close = request.MustClose;
                return refused;
            }
            if (request.BodyTooLarge)
            {
                var tooLarge = RuntimeApiResponse.Error(413, "RequestEntityTooLarge", $"Exceeded maximum allowed payload size ({RuntimeApiServer.MaxBodyBytes} bytes).");
                tooLarge.Close = request.MustClose;
                return tooLarge;
            }
            instance.InitError.TrySetResult(LambdaJson.ParseReportedError(request.Body, request.Header("Lambda-Runtime-Function-Error-Type")));
            return RuntimeApiResponse.Accepted();
        }

        private static RuntimeApiResponse ShuttingDown() =>
            RuntimeApiResponse.Error(500, "InternalServerError", "The execution environment is shutting down: the runtime should exit.");

        private static RuntimeApiResponse StateTransitionFailed(string from, string to) => RuntimeApiResponse.Error(
            403, "InvalidStateTransition", $"State transition from {from} to {to} failed for runtime. Error: State transition is not allowed");

        private static RuntimeApiResponse NotFound(RuntimeApiRequest request)
        {
            var response = RuntimeApiResponse.Error(404, "NotFound", $"The Runtime API has no resource {request.Method} {request.Path}. See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html");
            response.Close = request.MustClose;
            return response;
        }

        private static RuntimeApiResponse MethodNotAllowed(RuntimeApiRequest request, string allowed)
        {
            var response = RuntimeApiResponse.Error(405, "MethodNotAllowed", $"{request.Path} accepts {allowed}, not {request.Method}.");
            response.Headers.Add(new KeyValuePair<string, string>("Allow", allowed));
            response.Close = request.MustClose;
            return response;
        }
    }
}
