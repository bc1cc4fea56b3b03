using System;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Building;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>
    /// A planned cargo process as it travels from ResolveRustLambdaBuild to RunRustLambdaCargo: the core's
    /// <see cref="CargoInvocation"/>, one metadata value per property (lists in <see cref="ArgumentList"/>'s encoding).
    /// </summary>
    public static class InvocationItem
    {
        public static ITaskItem ToItem(CargoInvocation invocation)
        {
            var item = new TaskItem(invocation.Id);
            item.SetMetadata(MetadataKeys.Builder, invocation.Builder.ToString());
            item.SetMetadata(MetadataKeys.WorkingDirectory, invocation.WorkingDirectory);
            item.SetMetadata(MetadataKeys.Arguments, ArgumentList.Encode(invocation.Arguments));
            item.SetMetadata(MetadataKeys.Binaries, ArgumentList.Encode(invocation.Binaries));
            item.SetMetadata(MetadataKeys.LambdaDirectory, invocation.LambdaDirectory ?? "");
            item.SetMetadata(MetadataKeys.StateDirectory, invocation.StateDirectory);
            // Derived from StateDirectory; written so a target or a log reader can see it without knowing the rule.
            item.SetMetadata(MetadataKeys.DependencyInputsFile, invocation.DependencyInputsFile);
            item.SetMetadata(MetadataKeys.Architecture, invocation.Architecture);
            item.SetMetadata(MetadataKeys.CrossCompiles, invocation.CrossCompiles ? "true" : "false");
            item.SetMetadata(MetadataKeys.TargetTriple, invocation.TargetTriple);
            item.SetMetadata(MetadataKeys.ProfileDirectory, invocation.ProfileDirectory);
            return item;
        }

        /// <exception cref="ArgumentException">The Builder metadata is not a <see cref="BuilderKind"/>: the item was not made by ToItem.</exception>
        public static CargoInvocation FromItem(ITaskItem item)
        {
            string builder = item.GetMetadata(MetadataKeys.Builder);
            if (!Enum.TryParse(builder, ignoreCase: false, out BuilderKind kind) || !Enum.IsDefined(typeof(BuilderKind), kind))
            {
                throw new ArgumentException($"Invocation item '{item.ItemSpec}' has Builder '{builder}', which is not one of {string.Join(", ", Enum.GetNames(typeof(BuilderKind)))}.", nameof(item));
            }
            return new CargoInvocation
            {
                Id = item.ItemSpec,
                Builder = kind,
                WorkingDirectory = item.GetMetadata(MetadataKeys.WorkingDirectory),
                Arguments = ArgumentList.Decode(item.GetMetadata(MetadataKeys.Arguments)),
                Binaries = ArgumentList.Decode(item.GetMetadata(MetadataKeys.Binaries)),
                LambdaDirectory = FunctionItem.NullIfEmpty(item.GetMetadata(MetadataKeys.LambdaDirectory)),
                StateDirectory = item.GetMetadata(MetadataKeys.StateDirectory),
                Architecture = item.GetMetadata(MetadataKeys.Architecture),
                CrossCompiles = item.GetMetadata(MetadataKeys.CrossCompiles) == "true",
                TargetTriple = item.GetMetadata(MetadataKeys.TargetTriple),
                ProfileDirectory = item.GetMetadata(MetadataKeys.ProfileDirectory),
            };
        }
    }
}
