using System.Collections.Generic;
using System.Linq;
using RustLambda.Build.Serving;

namespace RustLambda.LocalServer.Functions
{
    /// <summary>A function as the server runs it: the manifest's definition with the environment resolved.</summary>
    public sealed class FunctionSettings
    {
        public FunctionSettings(ManifestFunction definition, IReadOnlyDictionary<string, string> environment, string region, string bootstrapStamp)
        {
            Definition = definition;
            Environment = environment;
            Region = region;
            BootstrapStamp = bootstrapStamp;
        }

        public ManifestFunction Definition { get; }
        public string LogicalId => Definition.LogicalId;
        public IReadOnlyDictionary<string, string> Environment { get; }
        public string Region { get; }

        /// <summary>Size and write time of the bootstrap.zip: a rebuild that changed it replaces the processes.</summary>
        public string BootstrapStamp { get; }

        /// <summary>True when a process started for <paramref name="other"/> would differ from one started for this.</summary>
        public bool DiffersFrom(FunctionSettings other) =>
            BootstrapStamp != other.BootstrapStamp
            || Definition.BootstrapPath != other.Definition.BootstrapPath
            || Definition.Architecture != other.Definition.Architecture
            || Definition.Handler != other.Definition.Handler
            || Definition.TimeoutSeconds != other.Definition.TimeoutSeconds
            || Definition.MemorySizeMb != other.Definition.MemorySizeMb
            || Region != other.Region
            || Environment.Count != other.Environment.Count
            || Environment.Any(pair => !other.Environment.TryGetValue(pair.Key, out var value) || value != pair.Value);
    }
}
