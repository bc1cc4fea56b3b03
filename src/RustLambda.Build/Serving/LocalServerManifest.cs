using System.Collections.Generic;
using RustLambda.Build.Template;

namespace RustLambda.Build.Serving
{
    /// <summary>
    /// What the local server serves, written by the build (obj/&lt;Configuration&gt;/rustlambda/server.json) so that the
    /// server and the build share one reading of the template: the functions as built, their routes and Function URLs, and
    /// the inputs whose change means a rebuild.
    /// </summary>
    public sealed class LocalServerManifest
    {
        public const int CurrentFormat = 1;
        public const string FileName = "server.json";

        public int Format { get; set; } = CurrentFormat;
        public string ProjectPath { get; set; } = "";
        public string TemplatePath { get; set; } = "";
        public string Configuration { get; set; } = "";
        public List<ManifestFunction> Functions { get; set; } = new List<ManifestFunction>();
        public List<SamApi> Apis { get; set; } = new List<SamApi>();
        public List<SamApiRoute> Routes { get; set; } = new List<SamApiRoute>();
        public List<SamFunctionUrl> FunctionUrls { get; set; } = new List<SamFunctionUrl>();

        /// <summary>Every file the incremental build tracks (sources, manifests, template, build-settings.hash).</summary>
        public List<string> InputFiles { get; set; } = new List<string>();
    }

    /// <summary>One built function as the server starts it.</summary>
    public sealed class ManifestFunction
    {
        public string LogicalId { get; set; } = "";
        public string BootstrapPath { get; set; } = "";
        public string Architecture { get; set; } = "x86_64";
        public string Runtime { get; set; } = "";
        public string Handler { get; set; } = "bootstrap";

        /// <summary>The template's Timeout, or Lambda's default of 3 seconds.</summary>
        public int TimeoutSeconds { get; set; } = 3;

        /// <summary>The template's MemorySize, or Lambda's default of 128 MB.</summary>
        public int MemorySizeMb { get; set; } = 128;

        /// <summary>Environment.Variables with Globals merged.</summary>
        public Dictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();
    }
}
