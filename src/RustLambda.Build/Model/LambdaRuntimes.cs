using System;
using System.Collections.Generic;
using System.Globalization;

namespace RustLambda.Build.Model
{
    /// <summary>
    /// The runtimes a rust-cargolambda function can use, in one table. Dates and glibc versions from Lambda's documentation
    /// (runtimes-provided.html, "Runtime deprecation") and Amazon Linux's (glibc-gcc-and-binutils.html).
    /// </summary>
    public static class LambdaRuntimes
    {
        public const string Al2023 = "provided.al2023";
        public const string Al2 = "provided.al2";
        public const string AmazonLinux1 = "provided";

        private static readonly Dictionary<string, LambdaRuntime> Table = new Dictionary<string, LambdaRuntime>(StringComparer.Ordinal)
        {
            [Al2023] = new LambdaRuntime(Al2023, "Amazon Linux 2023", new Version(2, 34), Date("2029-06-30"), Date("2029-07-31"), Date("2029-08-31"), isRetired: false),
            [Al2] = new LambdaRuntime(Al2, "Amazon Linux 2", new Version(2, 26), Date("2026-06-30"), Date("2026-07-31"), Date("2026-08-31"), isRetired: false),
            [AmazonLinux1] = new LambdaRuntime(AmazonLinux1, "Amazon Linux 1", new Version(2, 17), Date("2024-01-08"), Date("2024-02-08"), Date("2024-03-12"), isRetired: true),
        };

        public static IEnumerable<string> Names => Table.Keys;

        public static LambdaRuntime? Find(string name) => Table.TryGetValue(name, out var runtime) ? runtime : null;

        /// <summary>
        /// A warning for a runtime past (or near) its deprecation date, in the tense that fits <paramref name="today"/>;
        /// null when there is nothing to say.
        /// </summary>
        public static string? LifecycleWarning(LambdaRuntime runtime, DateTime today)
        {
            if (runtime.Deprecation == null || today < runtime.Deprecation.Value.AddMonths(-6))
            {
                return null;
            }
            string Tense(DateTime date, string past, string future) => today >= date ? $"{past} since {Format(date)}" : $"{future} from {Format(date)}";
            return $"Runtime {runtime.Name} ({runtime.OperatingSystem}) {(today >= runtime.Deprecation ? "is deprecated since" : "will be deprecated on")} {Format(runtime.Deprecation.Value)}: " +
                   $"Lambda {Tense(runtime.BlockCreate!.Value, "has blocked creating functions", "blocks creating functions")} and " +
                   $"{Tense(runtime.BlockUpdate!.Value, "has blocked updating them", "blocks updating them")}. Move to {Al2023}: set `Runtime: {Al2023}` (it also has a newer glibc, {Find(Al2023)!.Glibc}).";
        }

        private static DateTime Date(string iso) => DateTime.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Format(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
