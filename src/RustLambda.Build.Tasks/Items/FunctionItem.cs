using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Building;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>
    /// A function as it travels between the tasks and Sdk.targets (ResolveRustLambdaBuild's Functions output): what the
    /// planner decided for it plus what packaging and invoke need from the template. ItemSpec is the logical id.
    /// </summary>
    public sealed class FunctionItem
    {
        /// <summary>The full path: the logical id, or App/Function for a nested application's function (unique, the output folder).</summary>
        public string LogicalId { get; set; } = "";

        /// <summary>The logical id in its own template, and the nested application's stack path (empty at the root).</summary>
        public string ResourceId { get; set; } = "";
        public string StackPath { get; set; } = "";

        public string Binary { get; set; } = "";
        public string Runtime { get; set; } = "";
        public string Architecture { get; set; } = "";
        public string? Handler { get; set; }
        public string ZipPath { get; set; } = "";

        /// <summary>The checked binary the zip and the SAM layout are made from (known before cargo runs).</summary>
        public string BinaryPath { get; set; } = "";
        public string InvocationId { get; set; } = "";

        /// <summary>The function's code folder (its CodeUri, resolved).</summary>
        public string CodeUri { get; set; } = "";
        public string TemplatePath { get; set; } = "";

        /// <summary>The line of the function in the template, where diagnostics about its runtime or architecture point.</summary>
        public int TemplateLine { get; set; }
        public int? TimeoutSeconds { get; set; }
        public int? MemorySizeMb { get; set; }
        public IReadOnlyDictionary<string, string> EnvironmentVariables { get; set; } = new Dictionary<string, string>();

        public static FunctionItem From(PlannedFunction function, LambdaFunctionDefinition definition) => new FunctionItem
        {
            LogicalId = function.Request.LogicalId,
            ResourceId = definition.LogicalId,
            StackPath = definition.StackPath,
            Binary = function.Request.Binary,
            Runtime = function.Request.Runtime,
            Architecture = function.Request.Architecture,
            Handler = function.Request.Handler,
            ZipPath = function.ZipPath,
            BinaryPath = function.BinaryPath,
            InvocationId = function.InvocationId,
            CodeUri = definition.CodeDirectory,
            TemplatePath = definition.TemplatePath,
            TemplateLine = definition.Line,
            TimeoutSeconds = definition.TimeoutSeconds,
            MemorySizeMb = definition.MemorySizeMb,
            EnvironmentVariables = definition.EnvironmentVariables,
        };

        public ITaskItem ToItem()
        {
            var item = new TaskItem(LogicalId);
            item.SetMetadata(MetadataKeys.LogicalId, LogicalId);
            item.SetMetadata(MetadataKeys.ResourceId, ResourceId);
            item.SetMetadata(MetadataKeys.StackPath, StackPath);
            item.SetMetadata(MetadataKeys.Binary, Binary);
            item.SetMetadata(MetadataKeys.Runtime, Runtime);
            item.SetMetadata(MetadataKeys.Architecture, Architecture);
            item.SetMetadata(MetadataKeys.Handler, Handler ?? "");
            item.SetMetadata(MetadataKeys.ZipPath, ZipPath);
            item.SetMetadata(MetadataKeys.BinaryPath, BinaryPath);
            item.SetMetadata(MetadataKeys.InvocationId, InvocationId);
            item.SetMetadata(MetadataKeys.CodeUri, CodeUri);
            item.SetMetadata(MetadataKeys.TemplatePath, TemplatePath);
            item.SetMetadata(MetadataKeys.TemplateLine, TemplateLine.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata(MetadataKeys.Timeout, TimeoutSeconds?.ToString(CultureInfo.InvariantCulture) ?? "");
            item.SetMetadata(MetadataKeys.MemorySize, MemorySizeMb?.ToString(CultureInfo.InvariantCulture) ?? "");
            item.SetMetadata(MetadataKeys.EnvironmentVariables, ArgumentList.Encode(EnvironmentVariables.Select(v => v.Key + "=" + v.Value)));
            return item;
        }

        public static FunctionItem FromItem(ITaskItem item)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var variable in ArgumentList.Decode(item.GetMetadata(MetadataKeys.EnvironmentVariables)))
            {
                // Variable names cannot hold '=', so the first one ends the name; the value may hold more.
                int equals = variable.IndexOf('=');
                if (equals > 0)
                {
                    environment[variable.Substring(0, equals)] = variable.Substring(equals + 1);
                }
            }
            return new FunctionItem
            {
                LogicalId = item.ItemSpec,
                ResourceId = item.GetMetadata(MetadataKeys.ResourceId),
                StackPath = item.GetMetadata(MetadataKeys.StackPath),
                Binary = item.GetMetadata(MetadataKeys.Binary),
                Runtime = item.GetMetadata(MetadataKeys.Runtime),
                Architecture = item.GetMetadata(MetadataKeys.Architecture),
                Handler = NullIfEmpty(item.GetMetadata(MetadataKeys.Handler)),
                ZipPath = item.GetMetadata(MetadataKeys.ZipPath),
                BinaryPath = item.GetMetadata(MetadataKeys.BinaryPath),
                InvocationId = item.GetMetadata(MetadataKeys.InvocationId),
                CodeUri = item.GetMetadata(MetadataKeys.CodeUri),
                TemplatePath = item.GetMetadata(MetadataKeys.TemplatePath),
                TemplateLine = ParseInt(item.GetMetadata(MetadataKeys.TemplateLine)) ?? 0,
                TimeoutSeconds = ParseInt(item.GetMetadata(MetadataKeys.Timeout)),
                MemorySizeMb = ParseInt(item.GetMetadata(MetadataKeys.MemorySize)),
                EnvironmentVariables = environment,
            };
        }

        internal static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

        private static int? ParseInt(string value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : (int?)null;
    }
}
