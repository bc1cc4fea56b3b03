using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace RustLambda.Testing.Internal
{
    /// <summary>One run of the bootstrap process, from its start (a cold start) until it exits or is stopped.</summary>
    internal sealed class RuntimeInstance
    {
        private int _stopping;

        public RuntimeInstance(int number)
        {
            Number = number;
        }

        /// <summary>1 for the first process, 2 after the first restart, ...</summary>
        public int Number { get; }

        public Process? Process { get; set; }

        public int ProcessId { get; set; }

        /// <summary>How many invocations this execution environment has been handed; the first one is its cold start.</summary>
        public int InvocationCount { get; set; }

        public DateTime StartedUtc { get; set; }

        /// <summary><see cref="Stopwatch.GetTimestamp"/> at the start, for the init duration.</summary>
        public long StartTimestamp { get; set; }

        /// <summary>Completes when the runtime first asks for an event: init is over.</summary>
        public TaskCompletionSource Ready { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the runtime posts to <c>/init/error</c> before it is ready.</summary>
        public TaskCompletionSource<ReportedError> InitError { get; } = new TaskCompletionSource<ReportedError>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes with the exit code when the process has exited.</summary>
        public TaskCompletionSource<int> Exited { get; } = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Events waiting for the runtime's next <c>GET /invocation/next</c> (at most one: invocations are serialized).</summary>
        public Channel<Invocation> Events { get; } = Channel.CreateUnbounded<Invocation>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

        /// <summary>Cancelled when this instance is being stopped: long polls of its runtime end.</summary>
        public CancellationTokenSource StoppingToken { get; } = new CancellationTokenSource();

        /// <summary>How long init took (process start to first request for an event).</summary>
        public TimeSpan? InitDuration { get; set; }

        /// <summary>Whether the emulator started stopping this instance (so its exit is not the function's doing).</summary>
        public bool IsStopping => Volatile.Read(ref _stopping) != 0;

        public bool HasExited => Exited.Task.IsCompleted;

        /// <summary>Marks the instance as stopping; true for the caller that did it first.</summary>
        public bool BeginStopping()
        {
            if (Interlocked.Exchange(ref _stopping, 1) != 0)
            {
                return false;
            }
            try
            {
                StoppingToken.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            Events.Writer.TryComplete();
            return true;
        }
    }

    /// <summary>One event handed to the runtime, and how the runtime answered.</summary>
    internal sealed class Invocation
    {
        public Invocation(string requestId, byte[] payload, long deadlineUnixMs, string functionArn, string traceId)
        {
            RequestId = requestId;
            Payload = payload;
            DeadlineUnixMs = deadlineUnixMs;
            FunctionArn = functionArn;
            TraceId = traceId;
        }

        public string RequestId { get; }

        public byte[] Payload { get; }

        public long DeadlineUnixMs { get; }

        public string FunctionArn { get; }

        public string TraceId { get; }

        /// <summary>Completes with the runtime's answer (a response or an error); the first answer wins.</summary>
        public TaskCompletionSource<InvocationAnswer> Answer { get; } = new TaskCompletionSource<InvocationAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the runtime, having answered, asks for its next event.</summary>
        public TaskCompletionSource RuntimeReturned { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set once the event went out in a response to <c>GET /invocation/next</c>.</summary>
        public bool Delivered { get; set; }
    }

    /// <summary>A runtime's answer to an invocation.</summary>
    internal sealed class InvocationAnswer
    {
        private InvocationAnswer(bool success, string? payload, ReportedError? error)
        {
            IsSuccess = success;
            Payload = payload;
            Error = error;
        }

        public bool IsSuccess { get; }

        public string? Payload { get; }

        public ReportedError? Error { get; }

        public static InvocationAnswer Success(string payload) => new InvocationAnswer(true, payload, null);

        public static InvocationAnswer Failure(ReportedError error) => new InvocationAnswer(false, null, error);
    }
}
