using System.Collections.Generic;
using RustLambda.Build.Model;

namespace RustLambda.Build.Template
{
    /// <summary>A rust-cargolambda function of the template, after Globals, parameters and defaults are applied.</summary>
    public sealed class LambdaFunctionDefinition
    {
        public string LogicalId { get; set; } = "";

        /// <summary>The stack path of the template it is in: empty for the root, <c>App</c> in a nested application.</summary>
        public string StackPath { get; set; } = "";

        /// <summary>`sam build`'s name for it: the logical id, below the stack path (<c>App/Function</c>); names its output folders.</summary>
        public string FullPath => SamStack.FullPath(StackPath, LogicalId);
        public string ResourceType { get; set; } = "";
        public string TemplatePath { get; set; } = "";

        /// <summary>Line of the resource's logical id in the template.</summary>
        public int Line { get; set; }

        public string Runtime { get; set; } = "";
        public string Architecture { get; set; } = LambdaArchitectures.Default;
        public string? Handler { get; set; }

        /// <summary>The CodeUri (or Code) as resolved, relative to the template unless absolute.</summary>
        public string CodeUri { get; set; } = ".";
        public string CodeDirectory { get; set; } = "";
        public int CodeUriLine { get; set; }

        public string? Binary { get; set; }
        public int BinaryLine { get; set; }

        public int? TimeoutSeconds { get; set; }
        public int? MemorySizeMb { get; set; }
        public IReadOnlyDictionary<string, string> EnvironmentVariables { get; set; } = new Dictionary<string, string>();
    }
}
