using System;

namespace RustLambda.Hosting
{
    /// <summary>How a <see cref="FunctionInstancePool"/> runs its function's instances.</summary>
    public sealed class FunctionPoolOptions
    {
        /// <summary>The default of <see cref="MaxInstances"/>: 10 warm processes per function.</summary>
        public const int DefaultMaxInstances = 10;

        /// <summary>The default of <see cref="EmulationTimeoutFactor"/>.</summary>
        public const double DefaultEmulationTimeoutFactor = 5;

        /// <summary>
        /// At most this many processes of the function run at once, each serving one invocation at a time, as Lambda
        /// scales out; more concurrent invocations wait (never dropped). Default 10 (<see cref="DefaultMaxInstances"/>).
        /// </summary>
        public int MaxInstances { get; set; } = DefaultMaxInstances;

        /// <summary>
        /// How long a runtime may take from its start to its first request for an event. Default 10 seconds, Lambda's
        /// init limit.
        /// </summary>
        public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Under QEMU emulation (a function of the other architecture) the init timeout and the function's
        /// <see cref="LambdaFunctionDefinition.Timeout"/> are multiplied by this, because emulated code runs several
        /// times slower; timeout messages say so. Default 5; 1 keeps Lambda's limits exactly.
        /// </summary>
        public double EmulationTimeoutFactor { get; set; } = DefaultEmulationTimeoutFactor;

        /// <summary>
        /// The QEMU user-mode emulator for functions of the other architecture (a path, or a name on PATH); overrides the
        /// <c>RUSTLAMBDA_QEMU</c> environment variable. Default: found (binfmt_misc handler, else qemu-&lt;arch&gt;-static on PATH).
        /// </summary>
        public string? QemuPath { get; set; }

        /// <summary>Receives the function's log lines as they are written, and Lambda's START / END / REPORT lines. Optional.</summary>
        public IFunctionLogSink? LogSink { get; set; }

        /// <exception cref="ArgumentException">A setting is out of range.</exception>
        public void Validate()
        {
            if (MaxInstances < 1 || MaxInstances > 1000)
            {
                throw new ArgumentException($"MaxInstances {MaxInstances} must be between 1 and 1000.", nameof(MaxInstances));
            }
            if (InitTimeout <= TimeSpan.Zero || InitTimeout > TimeSpan.FromSeconds(900))
            {
                throw new ArgumentException($"InitTimeout {InitTimeout} must be more than zero and at most 900 seconds.", nameof(InitTimeout));
            }
            if (double.IsNaN(EmulationTimeoutFactor) || EmulationTimeoutFactor < 1 || EmulationTimeoutFactor > 100)
            {
                throw new ArgumentException($"EmulationTimeoutFactor {EmulationTimeoutFactor} must be between 1 and 100.", nameof(EmulationTimeoutFactor));
            }
        }

        internal FunctionPoolOptions Clone() => (FunctionPoolOptions)MemberwiseClone();
    }
}
