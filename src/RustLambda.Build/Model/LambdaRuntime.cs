using System;

namespace RustLambda.Build.Model
{
    /// <summary>An OS-only Lambda runtime: its glibc and its lifecycle dates.</summary>
    public sealed class LambdaRuntime
    {
        public LambdaRuntime(string name, string operatingSystem, Version glibc, DateTime? deprecation, DateTime? blockCreate, DateTime? blockUpdate, bool isRetired)
        {
            Name = name;
            OperatingSystem = operatingSystem;
            Glibc = glibc;
            Deprecation = deprecation;
            BlockCreate = blockCreate;
            BlockUpdate = blockUpdate;
            IsRetired = isRetired;
        }

        public string Name { get; }
        public string OperatingSystem { get; }

        /// <summary>The newest glibc symbol version a binary may need to start on this runtime.</summary>
        public Version Glibc { get; }
        public DateTime? Deprecation { get; }
        public DateTime? BlockCreate { get; }
        public DateTime? BlockUpdate { get; }

        /// <summary>Past end of life: new builds for it are refused.</summary>
        public bool IsRetired { get; }
    }
}
