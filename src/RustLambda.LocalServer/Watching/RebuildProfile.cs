using System.Collections.Generic;
using System.Linq;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>Where an in-process rebuild's time went: the evaluation (or its reuse) and each RustLambda target.</summary>
    public sealed class RebuildProfile
    {
        public bool Succeeded { get; set; }

        /// <summary>True when the project's kept evaluation was still current (nothing it imports changed).</summary>
        public bool EvaluationReused { get; set; }

        public long EvaluationMilliseconds { get; set; }

        public long BuildMilliseconds { get; set; }

        /// <summary>Each target that ran and its time, in the order they finished.</summary>
        public IReadOnlyList<KeyValuePair<string, long>> Targets { get; set; } = new List<KeyValuePair<string, long>>();

        /// <summary>One line for the console: `evaluation reused; build 412 ms: Resolve 20 ms, task RunRustLambdaCargo 300 ms, Compile 380 ms`.</summary>
        public string Summary()
        {
            string evaluation = EvaluationReused ? "evaluation reused" : $"evaluated in {EvaluationMilliseconds} ms";
            // The SDK's targets (RustLambdaResolve, RustLambdaCompile, ...) and tasks (task RunRustLambdaCargo, ...), 0 ms ones left out.
            var targets = Targets.Where(t => t.Key.Contains("RustLambda") && t.Value > 0).Select(t => $"{t.Key.Replace("_RustLambda", "")} {t.Value} ms");
            return $"{evaluation}; build {BuildMilliseconds} ms: {string.Join(", ", targets)}";
        }
    }
}
