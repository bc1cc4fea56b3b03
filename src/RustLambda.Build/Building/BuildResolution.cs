using System;
using System.Collections.Generic;
using RustLambda.Build.Template;

namespace RustLambda.Build.Building
{
    /// <summary>What <see cref="BuildResolver"/> found: the plan, the template's definition of each planned function, and the inputs.</summary>
    public sealed class BuildResolution
    {
        public string? TemplatePath { get; set; }

        /// <summary>The SAM layout's folder: full path, with a trailing separator.</summary>
        public string? SamBuildDirectory { get; set; }
        public string? CargoPath { get; set; }
        public string? CargoLambdaPath { get; set; }

        /// <summary>Empty when the template or manifests had errors, or the template builds no function.</summary>
        public BuildPlan Plan { get; set; } = new BuildPlan();

        /// <summary>The root template and each local nested application's, root first (empty when the template had errors).</summary>
        public IReadOnlyList<SamStack> Stacks { get; set; } = Array.Empty<SamStack>();

        /// <summary>By logical id (the full path, App/Function, for a nested application's function), for each function of <see cref="Plan"/>.</summary>
        public IReadOnlyDictionary<string, LambdaFunctionDefinition> Definitions { get; set; } = new Dictionary<string, LambdaFunctionDefinition>(StringComparer.Ordinal);

        /// <summary>Every file whose change must rebuild: template, samconfig, manifests, sources, and what cargo reported last time.</summary>
        public IReadOnlyList<string> InputFiles { get; set; } = Array.Empty<string>();

        /// <summary><see cref="InputFiles"/> without what cargo reported last time: what the template and manifests list.</summary>
        public IReadOnlyList<string> ListedInputFiles { get; set; } = Array.Empty<string>();

        /// <summary>What the resolution read and looked for (null when it stopped at an error): what keeps a cache of it valid.</summary>
        public ResolutionDependencies? Dependencies { get; set; }
    }
}
