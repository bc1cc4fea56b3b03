using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>
    /// The item metadata names that travel between the tasks and Sdk.targets, defined once (as dotnet/sdk's MetadataKeys).
    /// Sdk.targets cannot reference C#, so a test checks that every metadata name it uses is one of these.
    /// </summary>
    public static class MetadataKeys
    {
        // A function item (ResolveRustLambdaBuild.Functions, ItemSpec = logical id): see FunctionItem.
        public const string LogicalId = "LogicalId";
        public const string ResourceId = "ResourceId";
        public const string StackPath = "StackPath";
        public const string Binary = "Binary";
        public const string Runtime = "Runtime";
        public const string Architecture = "Architecture";
        public const string Handler = "Handler";
        public const string ZipPath = "ZipPath";
        public const string BinaryPath = "BinaryPath";
        public const string InvocationId = "InvocationId";
        public const string CodeUri = "CodeUri";
        public const string TemplatePath = "TemplatePath";
        public const string TemplateLine = "TemplateLine";
        public const string Timeout = "Timeout";
        public const string MemorySize = "MemorySize";
        public const string EnvironmentVariables = "EnvironmentVariables";

        // A cargo invocation item (ResolveRustLambdaBuild.Invocations, ItemSpec = invocation id): see InvocationItem.
        public const string Builder = "Builder";
        public const string WorkingDirectory = "WorkingDirectory";
        public const string Arguments = "Arguments";
        public const string Binaries = "Binaries";
        public const string LambdaDirectory = "LambdaDirectory";
        public const string StateDirectory = "StateDirectory";
        public const string DependencyInputsFile = "DependencyInputsFile";
        public const string TargetTriple = "TargetTriple";
        public const string ProfileDirectory = "ProfileDirectory";
        public const string CrossCompiles = "CrossCompiles";

        // A template of the build (ResolveRustLambdaBuild.Stacks, ItemSpec = the template): StackPath and its local nested applications.
        public const string NestedStacks = "NestedStacks";

        // A file a task wrote (PackageRustLambdaFunctions / WriteSamBuildOutput WrittenFiles): its FileStamp as written, for
        // RecordRustLambdaOutputs, which then need not hash it again.
        public const string Stamp = "Stamp";

        // A built binary (RunRustLambdaCargo.Binaries, ItemSpec = its path) carries Binary and InvocationId: see BinaryItem.

        /// <summary>What GetRustLambdaArtifacts hands other projects with each zip (its KeepMetadata): the public contract.</summary>
        public static readonly IReadOnlyList<string> Artifact = new[] { LogicalId, ResourceId, StackPath, Binary, Runtime, Architecture, Handler };

        /// <summary>Every name above.</summary>
        public static IReadOnlyList<string> All { get; } = typeof(MetadataKeys)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
    }
}
